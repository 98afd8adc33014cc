package dev.twice.verify;

import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.HeaderRedactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a finding's reproduction sends and how it judges the answers (docs/verification.md,
 * "Reproducing a finding"): the finding's requests again, in order, bodies exactly as recorded,
 * headers as recorded except the ones the client rebuilds, redacted ones read from the
 * environment, and an Idempotency-Key replaced by a fresh one where reusing the recorded key would
 * only replay the server's stored answer.
 */
public record ReproductionPlan(
        long findingId, String rule, String message, String base, List<Request> requests, Check check) {

    /** How the answers show the behaviour persists. */
    public enum Check {
        /** Both answered 201 Created, or with different Location headers. */
        CREATED_TWICE,
        /** The two answers differ: status (beyond 201 then 200/204, or 200 and 204), or body bytes. */
        ANSWERS_DIFFER,
        /** Both answered 2xx, and differently: the second request made something again. */
        SECOND_CREATED,
        /** The second answered 2xx. */
        SECOND_SUCCEEDS,
        /** The GETs after each PUT (requests 2 and 4) returned different bodies. */
        GETS_DIFFER
    }

    /**
     * One request. {@code redacted}: header names whose recorded values were redacted, sent from
     * the environment; {@code freshKey}: the Idempotency-Key is the run's fresh one.
     */
    public record Request(
            String method, String path, List<Header> headers, List<String> redacted, byte[] body, boolean freshKey) {}

    /** The plan for a finding of {@code rule} over its exchanges (oldest first); empty when none can be made. */
    public static Optional<ReproductionPlan> of(
            long findingId, String rule, String message, String base, List<Exchange> exchanges) {
        List<Exchange> writes =
                exchanges.stream().filter(e -> !e.method().equals("GET")).toList();
        List<Exchange> picked = new ArrayList<>();
        Check check;
        boolean freshKey = false;
        switch (rule) {
            case "put-duplicate-create" -> check = Check.CREATED_TWICE;
            case "put-divergent-response" -> check = Check.ANSWERS_DIFFER;
            case "post-duplicate" -> check = Check.SECOND_CREATED;
            case "idempotency-key-mismatch" -> {
                check = Check.ANSWERS_DIFFER;
                freshKey = true;
            }
            case "idempotency-key-reuse" -> {
                check = Check.SECOND_SUCCEEDS;
                freshKey = true;
            }
            case "put-divergent-state" -> check = Check.GETS_DIFFER;
            default -> {
                return Optional.empty();
            }
        }
        if (check == Check.GETS_DIFFER) {
            Optional<Exchange> put = writes.stream().findFirst();
            Optional<Exchange> get =
                    exchanges.stream().filter(e -> e.method().equals("GET")).findFirst();
            if (put.isEmpty() || get.isEmpty()) {
                return Optional.empty();
            }
            picked.addAll(List.of(put.get(), get.get(), put.get(), get.get()));
        } else {
            if (writes.size() < 2) {
                return Optional.empty();
            }
            picked.addAll(writes.subList(0, 2));
        }
        List<Request> requests = new ArrayList<>();
        for (Exchange e : picked) {
            requests.add(request(e, freshKey));
        }
        return Optional.of(new ReproductionPlan(findingId, rule, message, base, requests, check));
    }

    private static Request request(Exchange e, boolean freshKey) {
        List<Header> headers = new ArrayList<>();
        List<String> redacted = new ArrayList<>();
        for (Header h : e.requestHeaders()) {
            if (StepSender.rebuilt(h.name()) || (freshKey && h.name().equalsIgnoreCase("Idempotency-Key"))) {
                continue;
            }
            if (h.value().equals(HeaderRedactor.REDACTED)) {
                if (!redacted.contains(h.name())) {
                    redacted.add(h.name());
                }
            } else {
                headers.add(h);
            }
        }
        return new Request(
                e.method(), e.url(), headers, redacted, e.requestBody().stored(), freshKey);
    }

    /** The environment variable a redacted header's value is read from: {@code TWICE_HEADER_AUTHORIZATION}. */
    public static String variable(String header) {
        return "TWICE_HEADER_" + header.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** True when some request's body was not kept whole: the reproduction would not send what the client sent. */
    public static boolean bodiesWhole(List<Exchange> exchanges) {
        return exchanges.stream().noneMatch(e -> e.requestBody().truncated());
    }
}
