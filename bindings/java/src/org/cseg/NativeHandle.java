package org.cseg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/*
 * Owner of one C handle. A public object holds one of these; the C handle is
 * freed exactly once, by close() or, if the owner is forgotten, by the shared
 * Cleaner (never finalize()).
 *
 * Calls bracket native work with acquire()/release(). The state counts the
 * calls in flight and carries a CLOSED bit: after close() acquire() throws
 * IllegalStateException, and the handle is freed by whoever drops the count
 * to zero, so a close() racing with another thread's assignOne() never frees
 * memory that call is still reading. The Cleaner action goes through the same
 * path; it holds only the pointer and the free function, never the owner.
 */
final class NativeHandle {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "cseg-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final State state;
    private final Cleaner.Cleanable cleanable;
    private final String kind;

    NativeHandle(Object owner, long ptr, LongConsumer free, String kind) {
        this.state = new State(ptr, free);
        this.cleanable = CLEANER.register(owner, state);
        this.kind = kind;
    }

    /** The pointer, counted as in use until release(). */
    long acquire() {
        State s = state;
        for (;;) {
            int v = (int) State.COUNT.getVolatile(s);
            if ((v & State.CLOSED) != 0) {
                throw new IllegalStateException(kind + " is closed");
            }
            if (State.COUNT.compareAndSet(s, v, v + 1)) {
                return s.ptr;
            }
        }
    }

    void release() {
        state.release();
    }

    /**
     * Runs one native call on the pointer, counted as in use meanwhile. For
     * calls that allocate anyway: the hot assignOne path brackets by hand,
     * since a capturing lambda may allocate.
     */
    void run(LongConsumer work) {
        long p = acquire();
        try {
            work.accept(p);
        } finally {
            release();
        }
    }

    /** As {@link #run}, returning the call's result (boxed: not for hot paths). */
    <T> T call(LongFunction<T> work) {
        long p = acquire();
        try {
            return work.apply(p);
        } finally {
            release();
        }
    }

    /** A string the C library returns by index, such as a column name. */
    interface StringAt {
        String at(long ptr, int index);
    }

    /** The n strings at indices 0..n-1, read under one acquire. */
    String[] strings(int n, StringAt at) {
        String[] out = new String[n];
        long p = acquire();
        try {
            for (int i = 0; i < n; i++) {
                out[i] = at.at(p, i);
            }
        } finally {
            release();
        }
        return out;
    }

    /** Idempotent: the Cleanable runs its action at most once. */
    void close() {
        cleanable.clean();
    }

    boolean isClosed() {
        return ((int) State.COUNT.getVolatile(state) & State.CLOSED) != 0;
    }

    private static final class State implements Runnable {
        static final int CLOSED = 0x40000000;
        static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(State.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long ptr;
        final LongConsumer free;
        @SuppressWarnings("unused") // through COUNT
        private volatile int count;

        State(long ptr, LongConsumer free) {
            this.ptr = ptr;
            this.free = free;
        }

        void release() {
            int v = (int) COUNT.getAndAdd(this, -1) - 1;
            if (v == CLOSED) {
                free.accept(ptr);
            }
        }

        /** close() or the Cleaner: mark closed; free now unless calls are in flight. */
        @Override
        public void run() {
            int v = (int) COUNT.getAndAdd(this, CLOSED);
            if (v == 0) {
                free.accept(ptr);
            }
        }
    }
}
