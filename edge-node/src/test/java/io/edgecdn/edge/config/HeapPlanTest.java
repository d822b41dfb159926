package io.edgecdn.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPlanTest {
    @Test
    void defaults_576MiB_serialWithASmallYoungGeneration() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(HeapPlan.maxHeapBytes(d)).isEqualTo((256L + 64 + 4 * 64) << 20);
        assertThat(HeapPlan.jvmOptions(d)).containsExactly("-Xmx576m", "-Xms32m", "-XX:+UseSerialGC", "-Xmn16m",
                "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void bigSegmentCache_g1() {
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig big = d.withHls(new EdgeConfig.Hls(d.hls().targetDuration(), d.hls().window(), 2L << 30,
                d.hls().startTimeout(), d.hls().sessionTimeout()));
        assertThat(HeapPlan.jvmOptions(big)).contains("-Xmx2368m", "-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC", "-Xmn16m");
    }

    @Test
    void fewStreams_planForThemOnly() {
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig few = new EdgeConfig(d.http(), d.upstreams(), d.pull(), d.pinned(), d.gopCache(), d.httpFlv(), d.hls(), d.transcode(),
                4, d.cluster(), d.gopCacheOverrides(), d.admin(), d.signing());
        assertThat(HeapPlan.maxHeapBytes(few)).isEqualTo((256L + 64 + 16) << 20);
    }

    @Test
    void runningHeapTooSmall_warnsNamingTheKeys() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(HeapPlan.checkRunningHeap(d, 256L << 20)).contains("hls.cache-bytes").contains("-Xmx").contains("576 MiB");
        assertThat(HeapPlan.checkRunningHeap(d, 576L << 20)).isNull();
    }
}
