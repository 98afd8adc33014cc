package dev.twice.analysis;

import dev.twice.capture.WriteMark;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;

/**
 * Traffic written as a list of steps, played to rules the way the analyzer plays it: each recorded,
 * successful step is judged against the history before it, then joins it. One second between steps.
 */
final class Sequence {

    /** One step: {@code PUT /x a -> 201}, a mark of an unrecorded write, a failed attempt... */
    record Step(
            String method,
            String url,
            String body,
            int status,
            String responseBody,
            String key,
            String location,
            boolean recorded,
            boolean failed,
            String contentType,
            long endShiftMillis) {

        Step(
                String method,
                String url,
                String body,
                int status,
                String responseBody,
                String key,
                String location,
                boolean recorded,
                boolean failed,
                String contentType) {
            this(method, url, body, status, responseBody, key, location, recorded, failed, contentType, 0);
        }

        /**
         * Answered {@code millis} earlier than its place in the id order says: another instance of a
         * fleet committed it later (docs/fleet.md, "Ids").
         */
        Step answeredEarlierBy(long millis) {
            return new Step(
                    method, url, body, status, responseBody, key, location, recorded, failed, contentType, -millis);
        }

        Step withLocation(String l) {
            return new Step(method, url, body, status, responseBody, key, l, recorded, failed, contentType);
        }

        Step as(String type) {
            return new Step(method, url, body, status, responseBody, key, location, recorded, failed, type);
        }
    }

    private Sequence() {}

    static Step put(String url, String body, int status, String response) {
        return step("PUT", url, body, status, response);
    }

    static Step step(String method, String url, String body, int status, String response) {
        return new Step(method, url, body, status, response, null, null, true, false, "application/json");
    }

    static Step keyed(String method, String url, String body, String key, int status, String response) {
        return new Step(method, url, body, status, response, key, null, true, false, "application/json");
    }

    static Step created(String method, String url, String body, int status, String location) {
        return new Step(method, url, body, status, "", null, location, true, false, "application/json");
    }

    /** A write --record did not keep: only method, URL and status reach the analysis. */
    static Step mark(String method, String url, int status) {
        return new Step(method, url, "", status, "", null, null, false, false, null);
    }

    /** An attempt twice answered itself (504): the server may or may not have seen it. */
    static Step failed(String method, String url, String body) {
        return new Step(method, url, body, 504, "twice: upstream timed out\n", null, null, true, true, "text/plain");
    }

    /** What {@code rules} conclude over {@code steps}, in order. */
    static List<Verdict> play(List<Rule> rules, List<Step> steps) {
        MemoryHistory history = new MemoryHistory();
        List<Verdict> found = new ArrayList<>();
        long id = 0;
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (Step s : steps) {
            id++;
            t = t.plusSeconds(1);
            Observation o = observation(id, t, s);
            if (s.recorded() && !s.failed()) {
                for (Rule r : rules) {
                    r.evaluate(o, history).ifPresent(found::add);
                }
            }
            history.add(o);
        }
        return found;
    }

    /** What one rule concludes over {@code steps}, a line per verdict ({@link #brief}) joined by " | ". */
    static String conclusions(Rule rule, List<Step> steps) {
        return String.join(
                " | ", play(List.of(rule), steps).stream().map(Sequence::brief).toList());
    }

    static Observation observation(long id, Instant t, Step s) {
        if (!s.recorded()) {
            return Observation.of(new WriteMark(id, t, s.method(), s.url(), s.status()));
        }
        byte[] body = s.responseBody().getBytes(StandardCharsets.UTF_8);
        Observation.Body response = new Observation.Body(body.length, sha(body), body, true, s.contentType(), null);
        return new Observation(
                id,
                t,
                t.plusMillis(5 + s.endShiftMillis()),
                s.method(),
                s.url(),
                sha(s.body().getBytes(StandardCharsets.UTF_8)),
                s.status(),
                Optional.ofNullable(s.location()),
                Optional.ofNullable(s.key()),
                response,
                List.of(),
                true,
                s.failed());
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A verdict in one line for tables: {@code severity [ids] where before→after; …}. */
    static String brief(Verdict v) {
        StringBuilder b = new StringBuilder(v.severity().json()).append(' ').append(v.exchangeIds());
        for (Difference d : v.differences()) {
            b.append(' ')
                    .append(d.where())
                    .append(' ')
                    .append(d.before())
                    .append('→')
                    .append(d.after())
                    .append(';');
        }
        return b.toString();
    }

    /** Everything seen so far, newest first per URL, oldest first per key: what AnalysisIndex answers. */
    static final class MemoryHistory implements History {
        private final LinkedList<Observation> all = new LinkedList<>();

        void add(Observation o) {
            all.addFirst(o);
        }

        @Override
        public List<Observation> recent(String url, long beforeId) {
            return all.stream()
                    .filter(o -> o.url().equals(url) && o.id() < beforeId)
                    .toList();
        }

        @Override
        public List<Observation> withKey(String key, long beforeId) {
            List<Observation> out = new ArrayList<>(all.stream()
                    .filter(o -> o.idempotencyKey().equals(Optional.of(key)) && o.id() < beforeId)
                    .toList());
            Collections.reverse(out);
            return out;
        }
    }
}
