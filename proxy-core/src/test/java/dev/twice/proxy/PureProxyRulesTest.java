package dev.twice.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PureProxyRulesTest {

    @ParameterizedTest(name = "Connection: {0} / {1} dropped={2}")
    @CsvSource({
        "'',Connection,true",
        "'',keep-alive,true",
        "'',Transfer-Encoding,true",
        "'',TE,true",
        "'',Upgrade,true",
        "'',Proxy-Connection,true",
        "'',Trailer,true",
        "'',Content-Type,false",
        "'close, X-Secret',x-secret,true",
        "'close, X-Secret',X-SECRET,true",
        "'close',X-Other,false",
        "' , ,x-a',X-A,true"
    })
    void hopByHopHeadersAreTheFixedListPlusThoseConnectionNames(String connection, String header, boolean dropped) {
        List<String> values = connection.isEmpty() ? List.of() : List.of(connection);
        assertEquals(dropped, HopByHopHeaders.of(values).drops(header));
    }

    @ParameterizedTest(name = "{0} ? {1} -> {2}")
    @CsvSource({
        "/a/b,'',/a/b", "/a/b,x=1&x=2,/a/b?x=1&x=2", "/a%2Fb,y=%20,/a%2Fb?y=%20",
        "http://evil.example/steal,q=1,/steal?q=1", "http://evil.example,'',/", "*,'',*"
    })
    void theTargetKeepsRawPathAndQueryAndNeverAnotherHost(String uri, String query, String expected) {
        assertEquals(expected, RequestTarget.pathAndQuery(uri, query));
    }

    @ParameterizedTest(name = "{0} port {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1    | 4711 | '\"127.0.0.1:4711\"'",
                "2001:db8::1  | 4711 | '\"[2001:db8:0:0:0:0:0:1]:4711\"'",
                "::1          | 80   | '\"[0:0:0:0:0:0:0:1]:80\"'",
            })
    void forwardedNodesAreQuotedWithIpv6InBrackets(String address, int port, String node) throws Exception {
        assertEquals(node, ForwardedHeaders.node(new InetSocketAddress(InetAddress.getByName(address), port)));
    }
}
