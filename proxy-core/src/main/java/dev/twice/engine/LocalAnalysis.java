package dev.twice.engine;

import dev.twice.analysis.Analyzer;
import dev.twice.analysis.NoiseModel;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import dev.twice.store.Store;
import java.time.Duration;
import java.util.function.Consumer;

/** The analysis of a store this process alone writes: every committed batch goes straight to the analyzer. */
final class LocalAnalysis implements Analysis {

    private final Analyzer analyzer;
    private final String instance;

    LocalAnalysis(Store store, Analyzer analyzer, String instance) {
        this.analyzer = analyzer;
        this.instance = instance;
        store.onCommitted(analyzer::offer);
    }

    @Override
    public void onExchange(Consumer<ExchangeSummary> listener) {
        analyzer.onExchange(e -> listener.accept(ExchangeSummary.of(e, instance)));
    }

    @Override
    public void onFinding(Consumer<Finding> listener) {
        analyzer.onFinding(listener);
    }

    @Override
    public void forgetUpTo(long id) {
        analyzer.forgetUpTo(id);
    }

    @Override
    public NoiseModel noise() {
        return analyzer.noise();
    }

    @Override
    public AnalysisStatus status() {
        return new AnalysisStatus(
                AnalysisStatus.Role.LOCAL, analyzer.analysed(), analyzer.skipped(), analyzer.backlog());
    }

    @Override
    public void close(Duration deadline) {
        analyzer.close(deadline);
    }
}
