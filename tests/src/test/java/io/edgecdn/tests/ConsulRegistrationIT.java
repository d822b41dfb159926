package io.edgecdn.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.cli.Main;
import io.edgecdn.scheduler.consul.NodeRegistration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** A node's life in Consul (the HTTP API double): registration, TTL check, agent restart, Consul down, shutdown. */
class ConsulRegistrationIT {
    @RegisterExtension
    final Nodes nodes = new Nodes();

    ConsulDouble consul;

    @BeforeEach
    void consul() throws Exception {
        consul = new ConsulDouble();
    }

    @AfterEach
    void stop() {
        nodes.afterEach(null);
        consul.close();
    }

    @Test
    void registers_withTagsAndLoad_passesItsCheck_andDeregistersOnShutdown() {
        EdgeNode node = nodes.start(Nodes.clusterConfig(consul.address(), "edge-7", 2, "ap-south"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(consul.checkStatus("service:edge-7")));
        Map<String, String> meta = consul.serviceMeta("edge-7");
        assertThat(meta).containsEntry("tier", "2").containsEntry("region", "ap-south").containsEntry("viewers", "0")
                .containsEntry("max_viewers", "10000").containsEntry("url", node.baseUrl()).containsKeys("egress_mbps", "streams", "weight");
        assertThat(consul.instances("edge-node")).containsExactly("edge-7");
        // the check is kept passing past its 2 s TTL by the heartbeat
        long passes = consul.calls("PUT /v1/agent/check");
        await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(consul.checkStatus("service:edge-7")).isEqualTo("passing");
        assertThat(consul.calls("PUT /v1/agent/check")).isGreaterThan(passes + 2);
        assertThat(node.cluster().registrationState()).isEqualTo(NodeRegistration.State.REGISTERED);
        node.close();
        assertThat(consul.hasService("edge-7")).isFalse();
    }

    @Test
    void agentLosesTheRegistration_nodeRegistersAgain() {
        nodes.start(Nodes.clusterConfig(consul.address(), "edge-8", 2, "eu"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(consul.checkStatus("service:edge-8")));
        long registrations = consul.calls("PUT /v1/agent/service");
        consul.restartAgent();
        assertThat(consul.hasService("edge-8")).isFalse();
        await().atMost(Duration.ofSeconds(3)).until(() -> consul.hasService("edge-8") && "passing".equals(consul.checkStatus("service:edge-8")));
        assertThat(consul.calls("PUT /v1/agent/service")).isGreaterThan(registrations);
    }

    @Test
    void consulDown_nodeKeepsServingWithItsLastView_andComesBackWhenConsulDoes() throws Exception {
        EdgeNode parent = nodes.start(Nodes.clusterConfig(consul.address(), "mid-1", 1, "eu"));
        EdgeNode child = nodes.start(Nodes.clusterConfig(consul.address(), "edge-1", 2, "eu"));
        await().atMost(Duration.ofSeconds(5)).until(() -> child.cluster().parents().size() == 1);
        consul.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> child.cluster().registrationState() == NodeRegistration.State.CONSUL_UNREACHABLE);
        // still serving, with the last known parents
        assertThat(child.cluster().parents()).extracting(n -> n.id()).containsExactly("mid-1");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(child.baseUrl() + "/schedule/live/x")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("edge-1");
        consul.start();
        // the double kept its state, but the TTL ran out meanwhile: the node passes its check again
        await().atMost(Duration.ofSeconds(10)).until(() -> child.cluster().registrationState() == NodeRegistration.State.REGISTERED
                && "passing".equals(consul.checkStatus("service:edge-1")));
        // the parent rode out the same outage: registered again, its check passing
        await().atMost(Duration.ofSeconds(10)).until(() -> parent.cluster().registrationState() == NodeRegistration.State.REGISTERED);
    }

    @Test
    void hungAgent_holdsNothingElse_andTheNodeRecovers() throws Exception {
        EdgeNode node = nodes.start(Nodes.clusterConfig(consul.address(), "edge-h", 2, "eu"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(consul.checkStatus("service:edge-h")));
        consul.hang();
        try {
            Thread.sleep(1_500); // a heartbeat (every 667 ms) is now stuck in a call to the agent
            // the node's own scheduler keeps running (status, idle stops, HLS sweeps): a task submitted now runs at once
            java.util.concurrent.CompletableFuture<Boolean> ran = new java.util.concurrent.CompletableFuture<>();
            node.scheduler().execute(() -> ran.complete(true));
            assertThat(ran.get(1, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + "/schedule/live/x")).timeout(Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            // a heartbeat gives up after its 5 s read timeout
            await().atMost(Duration.ofSeconds(12)).until(() -> node.cluster().registrationState() == NodeRegistration.State.CONSUL_UNREACHABLE);
        } finally {
            consul.unhang();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> node.cluster().registrationState() == NodeRegistration.State.REGISTERED);
    }

    @Test
    void originRegisterAndDeregister_throughTheCli_andBadInputIsRefused() {
        CommandLine cli = new CommandLine(new Main());
        assertThat(cli.execute("origin", "register", "--consul", consul.address(), "--name", "o-1",
                "--url", "srt://10.0.0.9:9000?mode=caller&streamid={key}", "--region", "us", "--weight", "2")).isZero();
        assertThat(consul.serviceMeta("o-1")).containsEntry("url", "srt://10.0.0.9:9000?mode=caller&streamid={key}")
                .containsEntry("region", "us").containsEntry("weight", "2.0");
        assertThat(cli.execute("origin", "register", "--consul", consul.address(), "--name", "o-2", "--url", "ftp://x/{stream}")).isEqualTo(2);
        assertThat(cli.execute("origin", "register", "--consul", consul.address(), "--name", "bad name", "--url", "rtmp://x/{app}/{stream}")).isEqualTo(2);
        assertThat(consul.instances("origin")).containsExactly("o-1");
        assertThat(cli.execute("origin", "deregister", "--consul", consul.address(), "--name", "o-1")).isZero();
        assertThat(consul.instances("origin")).isEmpty();
        consul.stop();
        assertThat(cli.execute("origin", "register", "--consul", consul.address(), "--name", "o-3", "--url", "rtmp://x/{app}/{stream}")).isEqualTo(1);
    }

    @Test
    void aclToken_isSentWithEveryCall() {
        consul.requireToken("s3cret");
        var cfg = Nodes.clusterConfig(consul.address(), "edge-9", 2, "eu");
        var withToken = cfg.withCluster(cfg.cluster().withConsul(cfg.cluster().consul().withToken("s3cret")));
        nodes.start(withToken);
        await().atMost(Duration.ofSeconds(5)).until(() -> "passing".equals(consul.checkStatus("service:edge-9")));
        var wrong = cfg.withCluster(cfg.cluster().withConsul(cfg.cluster().consul().withToken("nope")).withIdentity("edge-10", 2, "eu"));
        EdgeNode refused = nodes.start(wrong);
        await().atMost(Duration.ofSeconds(5)).until(() -> refused.cluster().registrationState() == NodeRegistration.State.CONSUL_UNREACHABLE);
        assertThat(consul.hasService("edge-10")).isFalse();
    }
}
