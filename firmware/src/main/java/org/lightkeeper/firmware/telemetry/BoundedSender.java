package org.lightkeeper.firmware.telemetry;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscriber's server stream with a bounded queue: {@link #offer} never blocks (when the queue is
 * full the oldest item is dropped and counted), and items are turned into messages and written only
 * while gRPC's flow control says the stream is ready ({@code isReady}, resumed by the on-ready
 * handler), on the delivery executor, never on the offering thread.
 *
 * @param <T> queued item (a snapshot, an alarm flag)
 * @param <M> wire message
 */
public final class BoundedSender<T, M> {
    /** Builds the wire message for an item, given the subscriber's drop count so far. */
    public interface Mapper<T, M> {
        M map(T item, long dropped);
    }

    private final ServerCallStreamObserver<M> out;
    private final int capacity;
    private final Mapper<T, M> mapper;
    private final Executor executor;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long dropped;
    private long sent;
    private volatile boolean closed;

    /** Must be called from the service method (handlers are installed before it returns). */
    public BoundedSender(StreamObserver<M> observer, int capacity, Mapper<T, M> mapper, Executor executor,
                         Runnable onCancel) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.out = (ServerCallStreamObserver<M>) observer;
        this.capacity = capacity;
        this.mapper = mapper;
        this.executor = executor;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(() -> {
            closed = true;
            onCancel.run();
        });
    }

    /** Queues {@code item}, dropping the oldest when full; never blocks. */
    public void offer(T item) {
        if (closed) {
            return;
        }
        synchronized (queue) {
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
            }
            queue.addLast(item);
        }
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                scheduled.set(false);
                drain();
            });
        }
    }

    /** Items dropped so far. */
    public long dropped() {
        synchronized (queue) {
            return dropped;
        }
    }

    public long sent() {
        synchronized (this) {
            return sent;
        }
    }

    private synchronized void drain() {
        while (!closed && out.isReady()) {
            T item;
            long d;
            synchronized (queue) {
                item = queue.pollFirst();
                d = dropped;
            }
            if (item == null) {
                return;
            }
            out.onNext(mapper.map(item, d));
            sent++;
        }
    }

    /** Ends the stream normally (server shutdown). */
    public synchronized void complete() {
        if (!closed) {
            closed = true;
            out.onCompleted();
        }
    }
}
