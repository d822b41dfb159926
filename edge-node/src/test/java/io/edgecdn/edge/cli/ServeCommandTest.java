package io.edgecdn.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.edge.config.EdgeConfig;
import org.junit.jupiter.api.Test;

/** The serve flags on top of the config: cluster and admin. */
class ServeCommandTest {
    @Test
    void clusterFlags_setConsulIdentity_andNameTheBadOne() {
        EdgeConfig c = ServeCommand.clusterFrom(EdgeConfig.defaults(), "http://10.0.0.2:8500", "env-token", "edge-3", 2, "eu", "10.0.2.3", 500);
        assertThat(c.cluster().consul().address()).isEqualTo("http://10.0.0.2:8500");
        assertThat(c.cluster().consul().token()).isEqualTo("env-token");
        assertThat(c.cluster().nodeId()).isEqualTo("edge-3");
        assertThat(c.cluster().tier()).isEqualTo(2);
        assertThat(c.cluster().advertiseHost()).isEqualTo("10.0.2.3");
        assertThat(c.cluster().maxViewers()).isEqualTo(500);
        assertThat(ServeCommand.clusterFrom(EdgeConfig.defaults(), null, "t", null, null, null, null, null).cluster().consul())
                .as("no --consul, no Consul").isNull();
        assertThatThrownBy(() -> ServeCommand.clusterFrom(EdgeConfig.defaults(), "consul:8500", null, null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--consul 'consul:8500' must look like http://HOST:PORT");
        assertThatThrownBy(() -> ServeCommand.clusterFrom(EdgeConfig.defaults(), null, null, null, 0, null, null, null))
                .hasMessageContaining("--tier must be 1");
        assertThatThrownBy(() -> ServeCommand.clusterFrom(EdgeConfig.defaults(), null, null, "bad id", null, null, null, null))
                .hasMessageContaining("--node-id 'bad id'");
        assertThatThrownBy(() -> ServeCommand.clusterFrom(EdgeConfig.defaults(), null, null, null, null, null, null, 0))
                .hasMessageContaining("--max-viewers must be at least 1");
    }

    @Test
    void adminFlags_portOffBindAndEnvToken() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(ServeCommand.adminFrom(d, null, null, null).admin()).isEqualTo(EdgeConfig.Admin.DEFAULT);
        assertThat(ServeCommand.adminFrom(d, -1, null, null).admin().enabled()).isFalse();
        EdgeConfig.Admin a = ServeCommand.adminFrom(d, 9001, "0.0.0.0", "0123456789abcdef01").admin();
        assertThat(a.port()).isEqualTo(9001);
        assertThat(a.bind()).isEqualTo("0.0.0.0");
        assertThat(a.token()).isEqualTo("0123456789abcdef01");
        assertThatThrownBy(() -> ServeCommand.adminFrom(d, 70000, null, null)).hasMessageContaining("--admin-port must be -1 (off) or 0-65535");
        assertThatThrownBy(() -> ServeCommand.adminFrom(d, null, null, "short")).hasMessageContaining("EDGE_ADMIN_TOKEN must be at least 16");
    }
}
