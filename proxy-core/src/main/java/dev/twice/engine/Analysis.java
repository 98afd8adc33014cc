package dev.twice.engine;

import dev.twice.analysis.NoiseModel;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The analysis as the dashboard sees it: what it has done, what it learned, and the exchanges and
 * findings as they come. In process for a store this instance owns ({@link LocalAnalysis}); for a
 * shared store, one elected analyzer per fleet and a tail of the store on every instance
 * ({@link FleetAnalysis}); {@link #NONE} when recording is off.
 */
public interface Analysis {

    Analysis NONE = new Analysis() {
        @Override
        public void onExchange(Consumer<ExchangeSummary> listener) {}

        @Override
        public void onFinding(Consumer<Finding> listener) {}

        @Override
        public NoiseModel noise() {
            return new NoiseModel();
        }

        @Override
        public AnalysisStatus status() {
            return new AnalysisStatus(AnalysisStatus.Role.OFF, 0, 0, 0);
        }

        @Override
        public void close(Duration deadline) {}
    };

    /** {@code listener} hears of each stored exchange, before the findings it completes; set once, at start. */
    void onExchange(Consumer<ExchangeSummary> listener);

    /** {@code listener} hears of each finding created or extended; set once, at start. */
    void onFinding(Consumer<Finding> listener);

    /**
     * {@code listening} says whether anyone hears the events now (a dashboard has a stream open);
     * while nobody does, a shared store is not tailed for them. Set once, at start.
     */
    default void listenWhile(BooleanSupplier listening) {}

    /** The store was cleared up to {@code id}: the analysis forgets what it holds of it (Analyzer#forgetUpTo). */
    default void forgetUpTo(long id) {}

    /** What the analysis learned to be noise (empty on an instance that does not analyse). */
    NoiseModel noise();

    AnalysisStatus status();

    void close(Duration deadline);
}
