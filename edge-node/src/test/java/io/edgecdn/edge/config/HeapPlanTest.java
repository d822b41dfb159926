package io.edgecdn.edge.config;

import io.edgecdn.edge.hls.HlsSettings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapPlanTest {
    @Test
    void defaults_576MiB_serialWithASmallYoungGeneration() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(HeapPlan.maxHeapBytes(d)).isEqualTo((256L + 64 + 4 * 64) << 20);
        assertThat(HeapPlan.jvmOptions(d, 21)).containsExactly("-Xmx576m", "-Xms32m", "-XX:+UseSerialGC", "-Xmn16m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void newerJdks_compactHeadersFrom25_nativeTrimFrom22() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(HeapPlan.jvmOptions(d, 22)).contains("-XX:TrimNativeHeapInterval=5000").doesNotContain("-XX:+UseCompactObjectHeaders");
        assertThat(HeapPlan.jvmOptions(d, 25)).contains("-XX:TrimNativeHeapInterval=5000", "-XX:+UseCompactObjectHeaders");
        assertThat(HeapPlan.jvmOptions(d, 25).getLast()).isEqualTo("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void everyPlannedOptionStartsThisJvm() throws Exception {
        // the options are passed to a real java of this build's JDK: an option it does not know fails here
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(HeapPlan.jvmOptions(EdgeConfig.defaults()));
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void bigSegmentCache_g1() {
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig big = d.withHls(new HlsSettings(d.hls().targetDuration(), d.hls().window(), 2L << 30,
                d.hls().startTimeout(), d.hls().sessionTimeout()));
        assertThat(HeapPlan.jvmOptions(big)).contains("-Xmx2368m", "-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC", "-Xmn16m");
    }

    @Test
    void fewStreams_planForThemOnly() {
        EdgeConfig d = EdgeConfig.defaults();
        EdgeConfig few = new EdgeConfig(d.http(), d.upstreams(), d.pull(), d.pinned(), d.gopCache(), d.httpFlv(), d.hls(), d.transcode(),
                4, d.cluster(), d.admin(), d.signing(), d.webrtc());
        assertThat(HeapPlan.maxHeapBytes(few)).isEqualTo((256L + 64 + 16) << 20);
    }

    @Test
    void runningHeapTooSmall_warnsNamingTheKeys() {
        EdgeConfig d = EdgeConfig.defaults();
        assertThat(HeapPlan.checkRunningHeap(d, 256L << 20)).contains("hls.cache-bytes").contains("-Xmx").contains("576 MiB");
        assertThat(HeapPlan.checkRunningHeap(d, 576L << 20)).isNull();
    }
}
