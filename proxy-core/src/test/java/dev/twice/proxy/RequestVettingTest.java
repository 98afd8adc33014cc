package dev.twice.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** twice's own checks on a parsed request head, as a table: 0 means "forwarded". */
class RequestVettingTest {

    private static final RequestVetting VETTING = new RequestVetting(8192, "twice-00c0ffee");

    @ParameterizedTest(name = "{0} {1} TE[{2}] Upgrade[{3}] Via[{4}] -> {5}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "POST    | HTTP/1.1 | chunked                 | -                 | -                           | 0",
                "POST    | HTTP/1.1 | Chunked                 | -                 | -                           | 0",
                "POST    | HTTP/1.1 | ' chunked '             | -                 | -                           | 0",
                "POST    | HTTP/1.1 | chunked;chunked         | -                 | -                           | 400",
                "POST    | HTTP/1.1 | 'chunked, chunked'      | -                 | -                           | 400",
                "POST    | HTTP/1.1 | 'chunked, gzip'         | -                 | -                           | 400",
                "POST    | HTTP/1.1 | gzip                    | -                 | -                           | 400",
                "POST    | HTTP/1.1 | ',chunked'              | -                 | -                           | 400",
                "POST    | HTTP/1.1 | identity                | -                 | -                           | 501",
                "POST    | HTTP/1.1 | xchunked                | -                 | -                           | 501",
                "POST    | HTTP/1.1 | 'gzip, chunked'         | -                 | -                           | 501",
                "POST    | HTTP/1.0 | chunked                 | -                 | -                           | 400",
                "CONNECT | HTTP/1.1 | -                       | -                 | -                           | 501",
                "GET     | HTTP/1.1 | -                       | websocket         | -                           | 501",
                "GET     | HTTP/1.1 | -                       | 'WebSocket/13'    | -                           | 501",
                "GET     | HTTP/1.1 | -                       | h2c               | -                           | 0",
                "GET     | HTTP/1.1 | -                       | -                 | '1.1 twice-00c0ffee'        | 508",
                "GET     | HTTP/1.1 | -                       | -                 | '1.0 a, 1.1 twice-00c0ffee' | 508",
                "GET     | HTTP/1.1 | -                       | -                 | '1.1 twice-12345678'        | 0",
                "GET     | HTTP/1.1 | -                       | -                 | '1.1 twice'                 | 0",
            })
    void verdict(String method, String protocol, String te, String upgrade, String via, int status) {
        var head = new RequestVetting.Head(method, protocol, 10, -1, lines(te), lines(upgrade), lines(via));
        assertEquals(
                status,
                VETTING.check(head).map(RequestVetting.Rejection::status).orElse(0));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @CsvSource({"8192, 0", "8193, 414"})
    void targetsPastTheLimitAre414(int length, int status) {
        var head = new RequestVetting.Head("GET", "HTTP/1.1", length, -1, List.of(), List.of(), List.of());
        assertEquals(
                status,
                VETTING.check(head).map(RequestVetting.Rejection::status).orElse(0));
    }

    /** RFC 9110 §9.3.8: TRACE carries no content; an empty Content-Length is no content. */
    @ParameterizedTest(name = "{0} Content-Length {1} TE[{2}] -> {3}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "TRACE   | -1 | -       | 0",
                "TRACE   | 0  | -       | 0",
                "TRACE   | 1  | -       | 400",
                "TRACE   | -1 | chunked | 400",
                "OPTIONS | 0  | -       | 0",
                "OPTIONS | 5  | -       | 0",
                "OPTIONS | -1 | chunked | 0",
                "GET     | 5  | -       | 0",
            })
    void traceMayNotCarryContent(String method, long contentLength, String te, int status) {
        var head = new RequestVetting.Head(method, "HTTP/1.1", 10, contentLength, lines(te), List.of(), List.of());
        assertEquals(
                status,
                VETTING.check(head).map(RequestVetting.Rejection::status).orElse(0));
    }

    /** {@code ;} separates header lines in the table, so two lines can be written in one cell. */
    private static List<String> lines(String cell) {
        return Optional.ofNullable(cell).map(c -> Arrays.asList(c.split(";"))).orElse(List.of());
    }
}
