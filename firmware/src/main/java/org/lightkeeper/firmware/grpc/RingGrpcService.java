package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import org.lightkeeper.api.v1.RingRequest;
import org.lightkeeper.api.v1.RingServiceGrpc;
import org.lightkeeper.api.v1.RingState;
import org.lightkeeper.api.v1.SetLockTargetRequest;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec.RingKind;

/** {@code lightkeeper.v1.RingService}: relock and lock target, run on the control thread. */
final class RingGrpcService extends RingServiceGrpc.RingServiceImplBase {
    static final double MIN_FRACTION = 0.05;
    static final double MAX_FRACTION = 1.0;
    private final Firmware firmware;

    RingGrpcService(Firmware firmware) {
        this.firmware = firmware;
    }

    private record Where(EngineLock engine, int index) {
    }

    private Where find(int ring) {
        for (EngineLock e : firmware.engines()) {
            for (int i = 0; i < e.ringCount(); i++) {
                if (e.ringId(i) == ring) {
                    return new Where(e, i);
                }
            }
        }
        int n = firmware.engines().stream().mapToInt(EngineLock::ringCount).sum();
        throw Statuses.notFound("ring", "no ring " + ring + " on this board (" + n + " rings)");
    }

    @Override
    public void relock(RingRequest req, StreamObserver<RingState> response) {
        Where w;
        try {
            w = find(req.getRing());
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(firmware.execute(() -> {
            if (!w.engine.requestRelock(w.index)) {
                throw Statuses.precondition("ring", "ring " + req.getRing() + " cannot relock now: it is "
                        + w.engine.state(w.index) + (w.engine.lane(w.index) < 0 ? " with no assigned line" : "")
                        + " (relock needs an assigned line and a ring not already acquiring)");
            }
            return ring(w);
        }), response);
    }

    /** Points of a diagnostic sweep are handed from the control thread to the caller's stream through this queue. */
    static final long SWEEP_TIMEOUT_S = 60;

    @Override
    public void sweepRing(RingRequest req, StreamObserver<org.lightkeeper.api.v1.SweepPoint> response) {
        Where w;
        try {
            w = find(req.getRing());
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        java.util.concurrent.BlockingQueue<org.lightkeeper.api.v1.SweepPoint> points =
                new java.util.concurrent.LinkedBlockingQueue<>();
        org.lightkeeper.firmware.ring.SweepSink sink = new org.lightkeeper.firmware.ring.SweepSink() {
            @Override
            public void point(double heaterMw, double monitorMa) {
                points.add(org.lightkeeper.api.v1.SweepPoint.newBuilder().setHeaterMw(heaterMw)
                        .setMonitorUa(monitorMa * 1000).build());
            }

            @Override
            public void done(String outcome) {
                points.add(org.lightkeeper.api.v1.SweepPoint.newBuilder().setDone(true).setOutcome(outcome).build());
            }
        };
        try {
            boolean started = firmware.execute(() -> w.engine.requestDiagnosticSweep(w.index, sink))
                    .get(SWEEP_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS);
            if (!started) {
                throw Statuses.precondition("ring", "ring " + req.getRing() + " cannot be swept now: it is "
                        + w.engine.state(w.index) + " (a sweep needs the engine running and the ring not acquiring, "
                        + "one sweep per waveguide at a time)");
            }
            long deadline = System.nanoTime() + SWEEP_TIMEOUT_S * 1_000_000_000L;
            while (true) {
                org.lightkeeper.api.v1.SweepPoint p = points.poll(deadline - System.nanoTime(),
                        java.util.concurrent.TimeUnit.NANOSECONDS);
                if (p == null) {
                    throw Statuses.precondition("ring", "the sweep did not finish within " + SWEEP_TIMEOUT_S + " s");
                }
                response.onNext(p);
                if (p.getDone()) {
                    response.onCompleted();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(io.grpc.Status.CANCELLED.asRuntimeException());
        } catch (java.util.concurrent.ExecutionException e) {
            response.onError(Statuses.toStatus(e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e)));
        } catch (java.util.concurrent.TimeoutException e) {
            response.onError(io.grpc.Status.UNAVAILABLE.withDescription("the control loop did not take the request")
                    .asRuntimeException());
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
        }
    }

    @Override
    public void setLockTarget(SetLockTargetRequest req, StreamObserver<RingState> response) {
        Where w;
        double f = req.getMonitorFraction();
        try {
            w = find(req.getRing());
            if (!(f >= MIN_FRACTION && f <= MAX_FRACTION)) {
                throw Statuses.invalid("monitor_fraction", "must be " + MIN_FRACTION + " to " + MAX_FRACTION
                        + " of the peak monitor signal, got " + f);
            }
            if (w.engine.kind(w.index) != RingKind.MODULATOR) {
                throw Statuses.precondition("ring", "ring " + req.getRing()
                        + " is a filter: filters lock on the peak; only modulators take a lock target");
            }
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(firmware.execute(() -> {
            w.engine.setLockFraction(w.index, f);
            return ring(w);
        }), response);
    }

    /** The ring as its engine has it now; control thread only. */
    private static RingState ring(Where w) {
        EngineLock e = w.engine;
        int i = w.index;
        return ProtoMapper.ring(new BoardSnapshot.Ring(e.ringId(i), e.spec().engine(), e.kind(i),
                e.spec().rings().get(i).waveguide(), e.spec().rings().get(i).position(), e.state(i), e.heaterMw(i),
                e.spec().optics().heaterMaxMw(), e.lane(i), e.detuningPm(i), e.monitorMa(i) * 1000, e.losses(i),
                e.why(i), e.lockFraction(i)));
    }
}
