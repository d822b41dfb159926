/**
 * What the modules' tests share, on their test class path only: {@link
 * io.edgecdn.testsupport.ManualTime}, one fake time (wall clock, monotonic nanos and a task timer)
 * that moves only when a test advances it, so time-dependent behaviour is tested without sleeping;
 * {@link io.edgecdn.testsupport.Tags}, minimal FLV tags (sequence headers, keyframes, frames, audio);
 * {@link io.edgecdn.testsupport.Ports}, free ports on 127.0.0.1; {@link
 * io.edgecdn.testsupport.Processes}, a JUnit 5 extension that starts real tools (ffmpeg as a live
 * source, ffprobe, nginx) and stops them after each test, failing loudly when a tool is missing.
 *
 * <p>May import: {@code io.edgecdn.media.time}, {@code io.edgecdn.media.flv}.
 */
package io.edgecdn.testsupport;
