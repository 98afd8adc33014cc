package dev.twice.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where this instance records and under what name (docs/fleet.md): {@code store} is a shared
 * PostgreSQL database, or empty for the SQLite file of {@code --db}; {@code instance} the name its
 * exchanges carry; {@code dashboardOnly} serves a shared store without a proxy port.
 */
public record FleetSettings(Optional<StoreUrl> store, String instance, boolean dashboardOnly) {

    /** Longest instance name: a Kubernetes pod name is at most 253 characters. */
    public static final int MAX_INSTANCE = 253;

    public static final FleetSettings LOCAL = new FleetSettings(Optional.empty(), hostName(), false);

    public FleetSettings {
        if (instance.isBlank()
                || instance.length() > MAX_INSTANCE
                || !instance.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("--instance must be 1-" + MAX_INSTANCE
                    + " visible ASCII characters, without spaces (a pod name, a host name)");
        }
        if (dashboardOnly && store.isEmpty()) {
            throw new IllegalArgumentException("--dashboard-only serves a shared store: give --store postgresql://...");
        }
    }

    /** The host name, as the default instance name; a container's is its pod's name. */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "twice";
        }
    }
}
