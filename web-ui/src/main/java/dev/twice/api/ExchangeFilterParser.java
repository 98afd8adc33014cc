package dev.twice.api;

import dev.twice.analysis.Analyzer;
import dev.twice.store.ExchangeFilter;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the list filters of {@code GET /api/exchanges} from query parameters; pure, so it is tested with plain
 * maps.
 */
final class ExchangeFilterParser {

    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}");
    private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5]xx");

    /** A search is a phrase to find, not a document. */
    static final int MAX_SEARCH = 200;

    private ExchangeFilterParser() {}

    static ExchangeFilter parse(Map<String, Deque<String>> params) {
        Optional<String> method = value(params, "method");
        method.ifPresent(m -> {
            if (!METHOD.matcher(m).matches()) {
                throw new BadParameterException("method", "not an HTTP method token");
            }
        });
        Optional<String> url = value(params, "url");
        Optional<Integer> from = Optional.empty();
        Optional<Integer> to = Optional.empty();
        Optional<String> status = value(params, "status");
        if (status.isPresent()) {
            String s = status.get().toLowerCase(Locale.ROOT);
            if (STATUS.matcher(s).matches()) {
                from = Optional.of(Integer.parseInt(s));
                to = from;
            } else if (STATUS_CLASS.matcher(s).matches()) {
                int base = (s.charAt(0) - '0') * 100;
                from = Optional.of(base);
                to = Optional.of(base + 99);
            } else {
                throw new BadParameterException("status", "use a status such as 200 or a class such as 2xx");
            }
        }
        Optional<String> finding = value(params, "finding");
        finding.ifPresent(f -> {
            if (!Analyzer.ruleIds().contains(f)) {
                throw new BadParameterException(
                        "finding", "not a rule id (" + String.join(", ", Analyzer.ruleIds()) + ")");
            }
        });
        int limit = value(params, "limit")
                .map(v -> positive("limit", v, ExchangeFilter.MAX_LIMIT))
                .map(Long::intValue)
                .orElse(ExchangeFilter.DEFAULT_LIMIT);
        Optional<Long> before = value(params, "before").map(v -> positive("before", v, Long.MAX_VALUE));
        Optional<String> instance = value(params, "instance");
        Optional<String> text = value(params, "q").map(String::strip).filter(q -> !q.isEmpty());
        text.ifPresent(q -> {
            if (q.length() > MAX_SEARCH) {
                throw new BadParameterException("q", "at most " + MAX_SEARCH + " characters");
            }
        });
        return new ExchangeFilter(method, url, from, to, finding, instance, before, limit, text);
    }

    static long positive(String name, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "not a whole number");
        }
        if (n < 1 || n > max) {
            throw new BadParameterException(name, "must be between 1 and " + max);
        }
        return n;
    }

    /** An empty parameter ({@code ?status=}) counts as not given, as form-built URLs send them. */
    static Optional<String> value(Map<String, Deque<String>> params, String name) {
        Deque<String> values = params.get(name);
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(values.getFirst());
    }
}
