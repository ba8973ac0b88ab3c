package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.RingRequest;
import org.lightkeeper.api.v1.RingServiceGrpc;
import org.lightkeeper.api.v1.SweepPoint;
import org.lightkeeper.firmware.ring.RingLockState;

/** RingService.SweepRing: a diagnostic sweep streamed point by point, the ring relocked afterwards. */
class SweepRingTest {
    private static CompletableFuture<List<SweepPoint>> sweep(Rig rig, int ring) {
        CompletableFuture<List<SweepPoint>> done = new CompletableFuture<>();
        List<SweepPoint> points = new ArrayList<>();
        RingServiceGrpc.newStub(rig.channel).sweepRing(RingRequest.newBuilder().setRing(ring).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(SweepPoint p) {
                        synchronized (points) {
                            points.add(p);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(points);
                    }
                });
        return done;
    }

    private static List<SweepPoint> runUntilDone(Rig rig, CompletableFuture<List<SweepPoint>> f) throws Exception {
        long wallEnd = System.nanoTime() + 30 * Rig.S;
        while (!f.isDone() && System.nanoTime() < wallEnd) {
            rig.run(Rig.MS);
        }
        return f.get();
    }

    @Test
    void aSweepStreamsTheWholeRangeAndTheRingRelocks() throws Exception {
        try (Rig rig = new Rig()) {
            rig.run(2 * Rig.S);
            assertEquals(16, rig.firmware.snapshot().ringsLocked());
            List<SweepPoint> pts = runUntilDone(rig, sweep(rig, 9));
            SweepPoint last = pts.get(pts.size() - 1);
            assertTrue(last.getDone(), "ends with a done message");
            assertTrue(last.getOutcome().contains("reacquiring"), last.getOutcome());
            List<SweepPoint> data = pts.subList(0, pts.size() - 1);
            assertEquals(81, data.size(), "0 to 20 mW in 0.25 mW steps");
            assertEquals(0.0, data.get(0).getHeaterMw(), 1e-9);
            assertEquals(20.0, data.get(data.size() - 1).getHeaterMw(), 1e-9);
            double max = data.stream().mapToDouble(SweepPoint::getMonitorUa).max().orElseThrow();
            double min = data.stream().mapToDouble(SweepPoint::getMonitorUa).min().orElseThrow();
            assertTrue(max > 5 * min, "the sweep crosses at least one line: max " + max + " uA, min " + min + " uA");
            rig.run(1 * Rig.S);
            assertEquals(RingLockState.LOCKED, rig.firmware.snapshot().rings().get(9).state(), "relocked afterwards");
        }
    }

    @Test
    void anUnknownRingIsNotFound() throws Exception {
        try (Rig rig = new Rig()) {
            rig.run(2 * Rig.S);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> runUntilDone(rig, sweep(rig, 99)));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            assertEquals(Status.Code.NOT_FOUND, ((StatusRuntimeException) cause).getStatus().getCode());
        }
    }
}
