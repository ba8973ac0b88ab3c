package org.lightkeeper.hal.bus;

import java.util.Arrays;

/**
 * The edge queue and listener table behind every {@link GpioPin}: backends {@link #offer} edges from
 * any thread, {@link #drain} hands them to the listeners on the polling thread. Preallocated ring of
 * primitives and copy-on-write listener arrays, so offering and draining allocate nothing.
 */
public final class GpioEdgeQueue {
    public static final int DEFAULT_CAPACITY = 64;

    private final long[] times;
    private final boolean[] levels;
    private int head;
    private int size;
    private long dropped;
    private GpioEdge[] kinds = new GpioEdge[0];
    private GpioEdgeListener[] listeners = new GpioEdgeListener[0];

    public GpioEdgeQueue() {
        this(DEFAULT_CAPACITY);
    }

    public GpioEdgeQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("edge queue capacity must be at least 1, got " + capacity);
        }
        times = new long[capacity];
        levels = new boolean[capacity];
    }

    public synchronized void add(GpioEdge kind, GpioEdgeListener listener) {
        if (kind == null || listener == null) {
            throw new IllegalArgumentException("edge kind and listener must not be null");
        }
        for (GpioEdgeListener l : listeners) {
            if (l == listener) {
                throw new IllegalArgumentException("listener already registered");
            }
        }
        kinds = Arrays.copyOf(kinds, kinds.length + 1);
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        kinds[kinds.length - 1] = kind;
        listeners[listeners.length - 1] = listener;
    }

    public synchronized boolean remove(GpioEdgeListener listener) {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == listener) {
                GpioEdge[] k = new GpioEdge[kinds.length - 1];
                GpioEdgeListener[] l = new GpioEdgeListener[listeners.length - 1];
                System.arraycopy(kinds, 0, k, 0, i);
                System.arraycopy(kinds, i + 1, k, i, k.length - i);
                System.arraycopy(listeners, 0, l, 0, i);
                System.arraycopy(listeners, i + 1, l, i, l.length - i);
                kinds = k;
                listeners = l;
                return true;
            }
        }
        return false;
    }

    public synchronized boolean hasListeners() {
        return listeners.length > 0;
    }

    /**
     * Queues an edge ending at {@code high}, seen at {@code nanos}, if some listener wants it. A full
     * queue drops its oldest edge and counts it.
     */
    public synchronized void offer(boolean high, long nanos) {
        boolean wanted = false;
        for (GpioEdge k : kinds) {
            wanted |= k.accepts(high);
        }
        if (!wanted) {
            return;
        }
        if (size == times.length) {
            head = (head + 1) % times.length;
            size--;
            dropped++;
        }
        int tail = (head + size) % times.length;
        times[tail] = nanos;
        levels[tail] = high;
        size++;
    }

    /** Delivers queued edges, oldest first, to the listeners that want them; returns how many were taken. */
    public int drain(GpioPin pin) {
        int n = 0;
        while (true) {
            long t;
            boolean high;
            GpioEdge[] k;
            GpioEdgeListener[] l;
            synchronized (this) {
                if (size == 0) {
                    return n;
                }
                t = times[head];
                high = levels[head];
                head = (head + 1) % times.length;
                size--;
                k = kinds;
                l = listeners;
            }
            n++;
            GpioEdge edge = GpioEdge.to(high);
            // Outside the lock: a listener may write pins, poll again, or add listeners.
            for (int i = 0; i < l.length; i++) {
                if (k[i].accepts(high)) {
                    l[i].onEdge(pin, edge, t);
                }
            }
        }
    }

    public synchronized int pending() {
        return size;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void clear() {
        head = 0;
        size = 0;
    }
}
