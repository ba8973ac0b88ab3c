package org.lightkeeper.firmware.grpc.sim;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lightkeeper.api.v1.GetGroundTruthRequest;
import org.lightkeeper.api.v1.GroundTruth;
import org.lightkeeper.api.v1.InjectFaultReply;
import org.lightkeeper.api.v1.InjectFaultRequest;
import org.lightkeeper.api.v1.RingTruth;
import org.lightkeeper.api.v1.SimulatorServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.scenario.ScenarioEvent;
import org.lightkeeper.firmware.scenario.ScenarioEvent.Kind;
import org.lightkeeper.firmware.scenario.ScenarioFaults;
import org.lightkeeper.sim.SimBoard;

/**
 * {@code lightkeeper.v1.SimulatorService}: run-time fault injection and ground truth, registered only
 * where a simulated board runs (with the firmware, or alone in {@code lightkeeper sim-server}). A
 * fault is the same event a scenario file applies, run between bus transactions (see
 * {@link SimExecutor}), so it lands at a definite virtual time.
 */
public final class SimulatorGrpcService extends SimulatorServiceGrpc.SimulatorServiceImplBase {
    /** Lanes of an ELSFP module (OIF ELSFP: up to 8 a bank; the simulated modules have one bank). */
    static final int LANES_PER_MODULE = 8;
    /** How long a caller waits for the control thread to take the fault. */
    static final long APPLY_TIMEOUT_S = 10;

    /**
     * Where simulator work runs so it lands between bus transactions: the firmware's control thread
     * when both share a process, the simulator's board lock when it serves its buses alone
     * ({@code lightkeeper sim-server}).
     */
    @FunctionalInterface
    public interface SimExecutor {
        <T> java.util.concurrent.CompletableFuture<T> execute(java.util.concurrent.Callable<T> work);
    }

    private final SimExecutor executor;
    private final SimBoard sim;

    /** Faults and truth taken on the firmware's control thread, between loop runs. */
    public SimulatorGrpcService(Firmware firmware, SimBoard sim) {
        this(firmware::execute, sim);
    }

    public SimulatorGrpcService(SimExecutor executor, SimBoard sim) {
        this.executor = executor;
        this.sim = sim;
    }

    @Override
    public void injectFault(InjectFaultRequest request, StreamObserver<InjectFaultReply> response) {
        ScenarioEvent event;
        try {
            event = toEvent(request);
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        try {
            long at = executor.execute(() -> {
                ScenarioFaults.apply(sim, event);
                return sim.clock().nanos();
            }).get(APPLY_TIMEOUT_S, TimeUnit.SECONDS);
            response.onNext(InjectFaultReply.newBuilder().setAppliedAtNs(at).build());
            response.onCompleted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Status status = cause instanceof IllegalArgumentException ? Status.NOT_FOUND
                    : cause instanceof IllegalStateException ? Status.FAILED_PRECONDITION : Status.INTERNAL;
            response.onError(status.withDescription(cause.getMessage()).asRuntimeException());
        } catch (TimeoutException e) {
            response.onError(Status.UNAVAILABLE.withDescription("the control loop did not take the fault within "
                    + APPLY_TIMEOUT_S + " s (is the control loop or simulator running?)").asRuntimeException());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.asRuntimeException());
        }
    }

    /** Checks ranges here, before anything touches the board; ids are checked by the board itself. */
    static ScenarioEvent toEvent(InjectFaultRequest r) {
        return switch (r.getFaultCase()) {
            case ELS_PULL -> ev(Kind.ELS_PULL, r.getElsPull().getSlot(), 0, 0, 0, 0, null);
            case ELS_INSERT -> ev(Kind.ELS_INSERT, r.getElsInsert().getSlot(), 0, 0, 0, 0, null);
            case LASER_DEATH -> ev(Kind.LASER_DEATH, r.getLaserDeath().getSlot(), lane(r.getLaserDeath().getLane()), 0, 0, 0,
                    null);
            case LASER_AGEING -> ev(Kind.LASER_AGEING, r.getLaserAgeing().getSlot(), lane(r.getLaserAgeing().getLane()), 0,
                    within("laser_ageing.fraction", r.getLaserAgeing().getFraction(), 0, 1), 0, null);
            case HEATER_OPEN -> ev(Kind.HEATER_OPEN, 0, 0, r.getHeaterOpen().getRing(), 0, 0, null);
            case HEATER_REPAIR -> ev(Kind.HEATER_REPAIR, 0, 0, r.getHeaterRepair().getRing(), 0, 0, null);
            case MONITOR_DEAD -> ev(Kind.MONITOR_DEAD, 0, 0, r.getMonitorDead().getRing(), 0, 0, null);
            case MONITOR_REPAIR -> ev(Kind.MONITOR_REPAIR, 0, 0, r.getMonitorRepair().getRing(), 0, 0, null);
            case DIE_RAMP -> ev(Kind.DIE_RAMP, 0, 0, 0, within("die_ramp.delta_k", r.getDieRamp().getDeltaK(), -100, 100),
                    seconds("die_ramp.duration_s", r.getDieRamp().getDurationS()), null);
            case AMBIENT_RAMP -> ev(Kind.AMBIENT_RAMP, 0, 0, 0,
                    within("ambient_ramp.delta_k", r.getAmbientRamp().getDeltaK(), -100, 100),
                    seconds("ambient_ramp.duration_s", r.getAmbientRamp().getDurationS()), null);
            case ASIC_POWER_STEP -> {
                double tau = r.getAsicPowerStep().getTauS();
                if (!(tau > 0 && tau <= 1e6)) {
                    throw new IllegalArgumentException("asic_power_step.tau_s must be in (0, 1e6] s, got " + tau);
                }
                yield ev(Kind.ASIC_POWER_STEP, 0, 0, 0,
                        within("asic_power_step.delta_k", r.getAsicPowerStep().getDeltaK(), -100, 100),
                        (long) (tau * 1e9), null);
            }
            case BUS_NAK_RATE -> ev(Kind.BUS_NAK_RATE, 0, 0, 0, within("bus_nak_rate.rate", r.getBusNakRate().getRate(), 0, 1),
                    0, bus(r.getBusNakRate().getBus()));
            case BUS_STUCK -> ev(Kind.BUS_STUCK, 0, 0, 0, 0, 0, bus(r.getBusStuck().getBus()));
            case BUS_RELEASE -> ev(Kind.BUS_RELEASE, 0, 0, 0, 0, 0, bus(r.getBusRelease().getBus()));
            case DEVICE_VANISH -> ev(Kind.DEVICE_VANISH, 0, 0, address(r.getDeviceVanish().getAddress()), 0, 0,
                    bus(r.getDeviceVanish().getBus()));
            case DEVICE_RETURN -> ev(Kind.DEVICE_RETURN, 0, 0, address(r.getDeviceReturn().getAddress()), 0, 0,
                    bus(r.getDeviceReturn().getBus()));
            case FAULT_NOT_SET -> throw new IllegalArgumentException("fault: one fault must be set");
        };
    }

    private static ScenarioEvent ev(Kind k, int slot, int lane, int ring, double value, long durationNs, String bus) {
        return new ScenarioEvent(0, k, slot, lane, ring, value, durationNs, bus, 0);
    }

    private static int lane(int lane) {
        if (lane < 0 || lane > 7) {
            throw new IllegalArgumentException("lane must be 0-7, got " + lane);
        }
        return lane;
    }

    private static int address(int a) {
        if (a < 0x03 || a > 0x77) {
            throw new IllegalArgumentException(String.format("address must be 0x03-0x77, got 0x%02X", a));
        }
        return a;
    }

    private static String bus(String b) {
        if (b.isEmpty()) {
            throw new IllegalArgumentException("bus must name an I2C bus of the board file");
        }
        return b;
    }

    private static double within(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(field + " must be " + min + " to " + max + ", got " + v);
        }
        return v;
    }

    private static long seconds(String field, double s) {
        return (long) (within(field, s, 0, 1e6) * 1e9);
    }

    @Override
    public void getGroundTruth(GetGroundTruthRequest request, StreamObserver<GroundTruth> response) {
        try {
            GroundTruth truth = executor.execute(() -> {
                GroundTruth.Builder b = GroundTruth.newBuilder().setAtNs(sim.clock().nanos())
                        .setDieC(sim.die().at(sim.clock().nanos()));
                List<org.lightkeeper.sim.physics.RingTruth> rings = sim.truth();
                int k = 0;
                for (int e = 0; e < sim.engineCount(); e++) {
                    org.lightkeeper.sim.physics.EnginePhysics engine = sim.engine(e);
                    for (int i = 0; i < engine.ringCount(); i++) {
                        org.lightkeeper.sim.physics.RingTruth t = rings.get(k++);
                        b.addRings(RingTruth.newBuilder().setRing(t.ring()).setResonanceNm(t.resonanceNm())
                                .setNearestLane(t.nearestLane()).setDetuningPm(t.detuningPm()).setFwhmPm(t.fwhmPm())
                                .setHeaterMw(engine.heaterPowerMw(i)));
                    }
                }
                for (int slot : sim.elsSlotNumbers()) {
                    for (int lane = 0; lane < LANES_PER_MODULE; lane++) {
                        b.addLanes(org.lightkeeper.api.v1.LaneTruth.newBuilder().setSlot(slot).setLane(lane)
                                .setOutputMw(sim.elsLaneOutputMw(slot, lane)));
                    }
                }
                return b.build();
            }).get(APPLY_TIMEOUT_S, TimeUnit.SECONDS);
            response.onNext(truth);
            response.onCompleted();
        } catch (ExecutionException | TimeoutException e) {
            response.onError(Status.UNAVAILABLE.withDescription("ground truth not available: " + e).asRuntimeException());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.asRuntimeException());
        }
    }
}
