import Testing

@testable import DeepGRPC

@Suite struct DeepServerTests {
    @Test func theEnvironmentDescribesTheServer() throws {
        let server = try #require(
            DeepServer.fromEnvironment([
                "DEEP_SERVICE_URL": "deep.internal:43315", "DEEP_SERVICE_SECURE": "False", "DEEP_POLL_TIMER": "2.5",
                "DEEP_SERVICE_TIMEOUT": "3", "DEEP_SERVICE_NAME": "orders",
                "DEEP_RESOURCE_ATTRIBUTES": "region=eu, tags=a%2Cb%3Dc ,broken, =x",
                "DEEP_SERVICE_USERNAME": "ops", "DEEP_SERVICE_PASSWORD": "s3cret",
            ]))
        #expect(server.address == "deep.internal:43315")
        #expect(!server.secure)
        #expect(server.pollInterval == .milliseconds(2500))
        #expect(server.callTimeout == .seconds(3))
        #expect(server.authorization == "Basic b3BzOnMzY3JldA==")
        #expect(server.resourceAttributes == ["region": "eu", "tags": "a,b=c"])
        #expect(server.resource["service.name"] == "orders")
        #expect(server.resource["region"] == "eu")
        #expect(server.resource["telemetry.sdk.language"] == "swift")
    }

    @Test func defaultsFollowDeepsAgent() throws {
        let server = try #require(DeepServer.fromEnvironment(["DEEP_SERVICE_URL": "deep:43315", "DEEP_SERVICE_AUTH": "Bearer t"]))
        #expect(server.secure)
        #expect(server.pollInterval == .seconds(10))
        #expect(server.authorization == "Bearer t")
        #expect(server.resource["service.name"]?.hasPrefix("unknown_service:") == true)
    }

    @Test(arguments: [
        ("https://deep.example.com:443/", "deep.example.com", 443, true),
        ("http://10.0.0.7:43315", "10.0.0.7", 43315, false),
        ("[::1]:43315", "::1", 43315, true),
    ])
    func addressesTakeAnOptionalScheme(url: String, host: String, port: Int, secure: Bool) throws {
        let server = try #require(DeepServer.parse(url: url))
        #expect(server.host == host && server.port == port && server.secure == secure)
    }

    @Test(arguments: ["deep", "deep:", "deep:99999", ":43315", "http://deep/path:1"])
    func aBadAddressLeavesFleetModeOff(url: String) {
        #expect(DeepServer.parse(url: url) == nil)
        #expect(DeepServer.fromEnvironment(["DEEP_SERVICE_URL": url]) == nil)
    }

    @Test func noAddressMeansTheEmbeddedMode() {
        #expect(DeepServer.fromEnvironment([:]) == nil)
    }

    @Test func backoffDoublesUpToItsCapWithJitter() {
        let backoff = Backoff(initial: .milliseconds(200), cap: .seconds(5))
        #expect(backoff.delay(afterFailures: 1, random: 1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 1, random: 0) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 3, random: 1) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 10, random: 1) == .seconds(5))
        #expect(backoff.delay(afterFailures: 1000, random: 0) == .milliseconds(2500))
    }
}
