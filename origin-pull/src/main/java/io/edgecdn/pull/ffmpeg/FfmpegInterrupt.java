package io.edgecdn.pull.ffmpeg;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's interrupt callback for one pull attempt: a blocking FFmpeg call (connect, read) returns
 * once a stop is requested or the current deadline passes, within FFmpeg's polling interval (about
 * 100 ms for libsrt and TCP). The deadline is moved forward by the caller (the connect timeout
 * first, then the read timeout after each read). {@link #close()} frees the native callback.
 */
public final class FfmpegInterrupt implements AutoCloseable {
    private final BooleanSupplier stop;
    private volatile long deadlineNanos;
    private volatile boolean timedOut;
    private final AVIOInterruptCB.Callback_Pointer callback;
    private final AVIOInterruptCB struct;

    /**
     * @param stop true once the attempt should end
     * @param first the first deadline, from now
     */
    public FfmpegInterrupt(BooleanSupplier stop, Duration first) {
        this.stop = stop;
        deadlineIn(first);
        this.callback = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                if (FfmpegInterrupt.this.stop.getAsBoolean()) {
                    return 1;
                }
                if (System.nanoTime() > deadlineNanos) {
                    timedOut = true;
                    return 1;
                }
                return 0;
            }
        };
        this.struct = new AVIOInterruptCB();
        struct.callback(callback);
    }

    /** Moves the deadline to {@code d} from now. */
    public void deadlineIn(Duration d) {
        deadlineNanos = System.nanoTime() + d.toNanos();
    }

    /** Whether a deadline passed (the call that returned was interrupted by it). */
    public boolean timedOut() {
        return timedOut;
    }

    /** The callback, for {@code AVFormatContext.interrupt_callback().callback(...)}. */
    public AVIOInterruptCB.Callback_Pointer callback() {
        return callback;
    }

    /** The callback structure, for {@code avio_open2}. */
    public AVIOInterruptCB struct() {
        return struct;
    }

    @Override
    public void close() {
        callback.close();
        struct.close();
    }
}
