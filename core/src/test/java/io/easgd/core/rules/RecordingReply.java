package io.easgd.core.rules;

import java.util.concurrent.atomic.AtomicInteger;

/** A {@link MasterRule.Reply} that remembers how, where and with what it was called. */
final class RecordingReply implements MasterRule.Reply {
    final AtomicInteger calls = new AtomicInteger();
    volatile double distance = Double.NaN;
    volatile RuntimeException error;
    volatile Thread thread;

    @Override
    public void done(double d) {
        distance = d;
        thread = Thread.currentThread();
        calls.incrementAndGet();
    }

    @Override
    public void failed(RuntimeException e) {
        error = e;
        thread = Thread.currentThread();
        calls.incrementAndGet();
    }

    boolean answered() {
        return calls.get() > 0;
    }
}
