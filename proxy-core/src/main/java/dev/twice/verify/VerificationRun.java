package dev.twice.verify;

import dev.twice.analysis.Difference;
import dev.twice.analysis.ResponseComparison;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.Origin;
import dev.twice.store.ExchangeQueries;
import dev.twice.verify.Verification.State;
import dev.twice.verify.Verification.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One verification's steps (docs/verification.md): for a PUT, GET - send - GET - send - GET,
 * then the two sends' responses and the GETs after each are compared as the analysis compares;
 * for a DELETE the same steps, judged by the GETs (a second DELETE may well answer 404); for a
 * POST with an Idempotency-Key, the request twice with one fresh key, judged by the two responses.
 * Runs on the verifier's thread; {@link #snapshot} may be read from any thread.
 */
final class VerificationRun {

    private final long id;
    private final Exchange recorded;
    private final List<Header> headers;
    private final List<String> sentWithout;
    private final StepSender sender;
    private final ResponseComparison comparison;
    private final ExchangeQueries store;
    private final List<Step> steps = new ArrayList<>();
    private volatile Verification snapshot;
    private long lastStepId;

    VerificationRun(
            long id,
            Exchange recorded,
            List<Header> headers,
            List<String> sentWithout,
            StepSender sender,
            ResponseComparison comparison,
            ExchangeQueries store) {
        this.id = id;
        this.recorded = recorded;
        this.headers = headers;
        this.sentWithout = sentWithout;
        this.sender = sender;
        this.comparison = comparison;
        this.store = store;
        this.snapshot =
                new Verification(id, recorded.id(), State.RUNNING, List.of(), List.of(), sentWithout, "running");
    }

    Verification snapshot() {
        return snapshot;
    }

    void run() {
        try {
            switch (recorded.method()) {
                case "PUT", "DELETE" -> sendTwiceWithGets();
                default -> postTwiceWithOneKey();
            }
        } catch (StepFailed e) {
            finish(State.ERROR, List.of(), e.getMessage());
        } catch (RuntimeException e) {
            finish(State.ERROR, List.of(), "the verification failed: " + e);
        }
    }

    private void sendTwiceWithGets() throws StepFailed {
        String url = recorded.url();
        step("GET", url, List.of(), new byte[0]);
        Exchange first =
                step(recorded.method(), url, headers, recorded.requestBody().stored());
        Exchange afterFirst = step("GET", url, List.of(), new byte[0]);
        Exchange second =
                step(recorded.method(), url, headers, recorded.requestBody().stored());
        Exchange afterSecond = step("GET", url, List.of(), new byte[0]);
        if (refusedForMissingHeaders(first, second)) {
            return;
        }
        List<Difference> differences = new ArrayList<>();
        if (recorded.method().equals("PUT")) {
            for (Difference d : comparison.between(first, second)) {
                if (!(d.where().equals("status") && allowedPutTransition(first.status(), second.status()))) {
                    differences.add(d);
                }
            }
        }
        for (Difference d : comparison.between(afterFirst, afterSecond)) {
            differences.add(new Difference("GET after: " + d.where(), d.before(), d.after()));
        }
        finish(
                differences.isEmpty() ? State.IDEMPOTENT : State.NOT_IDEMPOTENT,
                differences,
                differences.isEmpty()
                        ? "sent twice, the " + recorded.method() + " gave the same result both times"
                        : "sent twice, the " + recorded.method() + " gave a different result the second time ("
                                + differences.size() + " difference" + (differences.size() == 1 ? "" : "s") + ")");
    }

    private void postTwiceWithOneKey() throws StepFailed {
        String key = UUID.randomUUID().toString();
        List<Header> keyed = new ArrayList<>();
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Idempotency-Key")) {
                keyed.add(h);
            }
        }
        keyed.add(new Header("Idempotency-Key", "\"" + key + "\""));
        Exchange first =
                step("POST", recorded.url(), keyed, recorded.requestBody().stored());
        Exchange second =
                step("POST", recorded.url(), keyed, recorded.requestBody().stored());
        if (refusedForMissingHeaders(first, second)) {
            return;
        }
        List<Difference> differences = comparison.between(first, second);
        finish(
                differences.isEmpty() ? State.IDEMPOTENT : State.NOT_IDEMPOTENT,
                differences,
                differences.isEmpty()
                        ? "sent twice with one fresh Idempotency-Key, the POST got the same response both times"
                        : "sent twice with one fresh Idempotency-Key, the POST got a different response the second "
                                + "time: the key was not honoured");
    }

    /** RFC 9110 §9.3.4: a PUT that creates answers 201, its repeat 200 or 204; 200 and 204 are one answer. */
    static boolean allowedPutTransition(Integer a, Integer b) {
        return (Objects.equals(a, 201) && (Objects.equals(b, 200) || Objects.equals(b, 204)))
                || (Objects.equals(a, 200) && Objects.equals(b, 204))
                || (Objects.equals(a, 204) && Objects.equals(b, 200));
    }

    /** Refused for want of a credential twice could not send again: no verdict either way. */
    private boolean refusedForMissingHeaders(Exchange first, Exchange second) {
        boolean refused = List.of(first, second).stream().anyMatch(e -> e.status() == 401 || e.status() == 403);
        if (refused && !sentWithout.isEmpty()) {
            finish(
                    State.INCONCLUSIVE,
                    List.of(),
                    "the upstream refused the request (" + first.status() + ") without "
                            + String.join(", ", sentWithout) + ", whose recorded value was redacted; "
                            + "nothing can be concluded");
            return true;
        }
        return false;
    }

    private Exchange step(String method, String url, List<Header> h, byte[] body) throws StepFailed {
        int n = steps.size() + 1;
        Exchange answer;
        try {
            answer = sender.send(method, url, h, body);
        } catch (IOException e) {
            steps.add(new Step(null, method, url, null));
            throw new StepFailed("step " + n + " (" + method + " " + url + ") got no answer: " + e.getMessage());
        }
        steps.add(new Step(recordedId(method, url), method, url, answer.status()));
        publish();
        if (twiceAnsweredItself(answer)) {
            throw new StepFailed("step " + n + " (" + method + " " + url + ") did not reach the upstream: "
                    + new String(answer.responseBody().stored(), StandardCharsets.UTF_8).strip());
        }
        return answer;
    }

    /** A 502 or 504 whose body is twice's own: the upstream could not be reached, no answer to judge. */
    private static boolean twiceAnsweredItself(Exchange e) {
        return (e.status() == 502 || e.status() == 504)
                && new String(e.responseBody().stored(), StandardCharsets.UTF_8).startsWith("twice:");
    }

    /**
     * The id under which the proxy recorded the step: the newest verification exchange of this URL
     * and method after the previous step (one verification per URL at a time makes it this one).
     */
    private Long recordedId(String method, String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        do {
            try {
                for (Exchange e : store.recentByUrl(url, Long.MAX_VALUE, 8)) {
                    if (e.origin() == Origin.VERIFICATION && e.method().equals(method) && e.id() > lastStepId) {
                        lastStepId = e.id();
                        return e.id();
                    }
                }
            } catch (RuntimeException storeAway) {
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        } while (System.nanoTime() < deadline);
        return null;
    }

    private void publish() {
        snapshot = new Verification(id, recorded.id(), State.RUNNING, steps, List.of(), sentWithout, "running");
    }

    private void finish(State state, List<Difference> differences, String message) {
        String note = sentWithout.isEmpty() || state == State.INCONCLUSIVE
                ? ""
                : " (sent without " + String.join(", ", sentWithout) + ": redacted when recorded)";
        snapshot = new Verification(id, recorded.id(), state, steps, differences, sentWithout, message + note);
    }

    /** A step that got no answer from the upstream: the verification ends in {@code error}, naming it. */
    static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }
}
