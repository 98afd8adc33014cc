package dev.twice.cli;

import dev.twice.config.FleetSettings;
import dev.twice.config.StoreUrl;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where this instance records and under what name (docs/fleet.md), and whether it may send
 * requests itself (docs/verification.md); mixed into {@link LaunchOptions}.
 */
final class FleetOptions {

    static final Map<String, String> DEFAULTS = Map.of("--dashboard-only", "false", "--allow-verify", "false");

    @Option(
            names = "--store",
            paramLabel = "URL",
            converter = StoreUrlConverter.class,
            description = "Record into a shared PostgreSQL database instead of the SQLite file, so that many twice "
                    + "instances form one fleet: postgresql://user:password@host:5432/dbname (or "
                    + "jdbc:postgresql://...). Env TWICE_STORE.")
    StoreUrl store;

    @Option(
            names = "--instance",
            paramLabel = "NAME",
            description = "The name this instance's exchanges carry (a pod name). Default: the host name. Env "
                    + "TWICE_INSTANCE.")
    String instance;

    @Option(
            names = "--dashboard-only",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "BOOL",
            description = "No proxy port: serve the dashboard, API and analysis of a shared --store (one per fleet). "
                    + "Env TWICE_DASHBOARD_ONLY.")
    boolean dashboardOnly;

    @Option(
            names = "--allow-verify",
            arity = "0..1",
            fallbackValue = "true",
            paramLabel = "BOOL",
            description = "Allow the dashboard's Verify action to send recorded requests to the upstream again (it "
                    + "changes the upstream's state: not against production without thought). Env "
                    + "TWICE_ALLOW_VERIFY.")
    boolean allowVerify;

    FleetSettings toSettings() {
        return new FleetSettings(
                Optional.ofNullable(store),
                instance == null || instance.isBlank() ? FleetSettings.hostName() : instance.trim(),
                dashboardOnly);
    }

    static final class StoreUrlConverter extends Converters.Converter<StoreUrl> {
        StoreUrlConverter() {
            super(StoreUrl::parse);
        }
    }
}
