package org.lightkeeper.firmware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.els.SidebandExpander;
import org.lightkeeper.firmware.loop.LoopScheduler;
import org.lightkeeper.firmware.loop.Waiter;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.ring.HeaterBank;
import org.lightkeeper.firmware.ring.MonitorBank;
import org.lightkeeper.firmware.safety.LaserInterlock;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.board.BoardSpec.WaveguideSpec;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.hal.time.Clock;

/**
 * The firmware for one board: drivers for every chip in the board file, the ELS bring-up state
 * machines, one lock controller per engine, the laser interlock, and the loops that step them on
 * the injected clock. Runs on whichever {@link BusProvider} it is given: the simulated board or
 * real buses. Single-threaded: {@link #runUntil} steps the loops on the caller's thread; readers on
 * other threads see only the published {@link BoardSnapshot}.
 */
public final class Firmware {
    private static final Logger LOG = Logger.getLogger(Firmware.class.getName());

    /**
     * Default ring tracking period (board file {@code control.ring_period_us}): every monitor read and
     * every changed heater written once per period (2 kHz). It leaves room for one I2C transaction of
     * the ELS loop (~250 us at 400 kHz) between ring ticks.
     */
    public static final long RING_PERIOD_NS = BoardSpec.Control.DEFAULT.ringPeriodNs();
    /** Default ELS loop period: bring-up, lane control and the interlock, one or two I2C transactions a tick. */
    public static final long ELS_PERIOD_NS = BoardSpec.Control.DEFAULT.elsPeriodNs();
    /** Board sensors. */
    public static final long BOARD_PERIOD_NS = 100_000_000;
    /** Snapshot publication for the management API. */
    public static final long TELEMETRY_PERIOD_NS = 10_000_000;

    private final BoardSpec spec;
    private final Clock clock;
    private final String backend;
    private final LoopScheduler scheduler;
    /** Calibration sweeps faster than the ring tick ({@link #sweepLoop()}); null when no engine declares its heaters' time constant. */
    private final LoopScheduler.Loop sweepLoop;
    private final List<ElsSlotController> slots = new ArrayList<>();
    private final List<EngineLock> engines = new ArrayList<>();
    private final List<Boolean> enginePowered = new ArrayList<>();
    private final Map<Integer, List<Integer>> enginesFedBySlot = new HashMap<>();
    private final Tmp117 boardSensor;
    private final BoardDrivers drivers;
    private final List<org.lightkeeper.hal.bus.BusTimeMeter> spiMeters = new ArrayList<>();
    private volatile double ringBusShare;
    private volatile double ringBusShareMax;
    private double boardTemperatureC = Double.NaN;
    private long elsTicks;
    private boolean boardSensorFailing;
    private final java.util.Set<Integer> criticalAlarms = new java.util.HashSet<>();
    private org.lightkeeper.firmware.persist.StateStore store;
    private java.util.concurrent.ExecutorService writer;
    private volatile java.util.concurrent.Future<?> pendingWrite;
    private long lastSavedNs = -1;
    private long savedLockEvents;
    private volatile BoardSnapshot snapshot;
    private final List<HeaterBank> heaterBanks = new ArrayList<>();
    private final List<MonitorBank> monitorBanks = new ArrayList<>();
    private final Map<String, SidebandExpander> expanders = new java.util.LinkedHashMap<>();
    /** Hardware is first touched by the first {@link #runUntil}: warm or cold start, per engine. */
    private boolean started;
    private final java.util.Set<Integer> calibratedEngines = new java.util.HashSet<>();
    private org.lightkeeper.firmware.persist.HeaterCodeJournal journal;
    private final List<String> startLog = new ArrayList<>();
    private org.lightkeeper.firmware.persist.Configuration savedConfig;
    /** A configuration failed to load and nothing replaced it: defaults are not written over it unasked. */
    private boolean configUnreadable;
    private int stateFileRejects;
    private Map<String, org.lightkeeper.firmware.persist.Configuration.Thresholds> storedThresholds = Map.of();
    private volatile java.util.function.Supplier<Map<String, org.lightkeeper.firmware.persist.Configuration.Thresholds>>
            thresholdSource = Map::of;
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> commands = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Management commands are taken between loop runs at this period. */
    public static final long COMMAND_PERIOD_NS = 1_000_000;

    public Firmware(BoardSpec spec, BusProvider buses, Clock clock) {
        this.spec = spec;
        this.clock = clock;
        this.backend = buses.backend();
        this.drivers = new BoardDrivers(spec, buses, clock);
        for (Map.Entry<String, org.lightkeeper.hal.bus.BusTimeMeter> m : drivers.meters().entrySet()) {
            if (spec.spiBuses().stream().anyMatch(b -> b.bus().equals(m.getKey()))) {
                spiMeters.add(m.getValue());
            }
        }
        Map<String, ElsSlotController> byModule = new HashMap<>();
        for (ElsSlotSpec s : spec.elsSlots()) {
            SidebandExpander sideband = this.expanders.computeIfAbsent(s.expander(),
                    name -> new SidebandExpander(drivers.get(name, Pca9555.class)));
            ElsSlotController c = new ElsSlotController(s, sideband, drivers.get(s.module(), CmisModule.class));
            String moduleName = s.module();
            c.countRetriesFrom(() -> drivers.retries(moduleName));
            slots.add(c);
            byModule.put(s.module(), c);
        }
        for (int e = 0; e < spec.engines().size(); e++) {
            EngineSpec es = spec.engines().get(e);
            HeaterBank heaters = new HeaterBank(es, drivers);
            MonitorBank monitors = new MonitorBank(es, drivers);
            ElsSlotController[] feed = new ElsSlotController[es.waveguides().size()];
            for (int w = 0; w < feed.length; w++) {
                feed[w] = byModule.get(sourceModule(es, es.waveguides().get(w)));
                if (feed[w] != null) {
                    enginesFedBySlot.computeIfAbsent(feed[w].slot(), k -> new ArrayList<>()).add(e);
                }
            }
            heaterBanks.add(heaters);
            monitorBanks.add(monitors);
            enginePowered.add(false); // until start() finds the engine answering
            EngineLock lock = new EngineLock(es, heaters, monitors, feed, org.lightkeeper.firmware.ring.DieThermometer.of(es, drivers));
            // Dither or gradient tracking, from the engine's bus budget (or the board file's tracking:).
            lock.useTracking(org.lightkeeper.firmware.ring.TrackingPlan.choose(es.tracking(), heaters, monitors,
                    spec.control().ringPeriodNs(), spec.engines().size()));
            // One calibration step a ring tick, or faster where the heaters' time constant is declared.
            lock.paceSweep(spec.control().ringPeriodNs(), spec.engines().size());
            engines.add(lock);
        }
        this.boardSensor = spec.boardTemperatureSensor() == null ? null
                : drivers.get(spec.boardTemperatureSensor(), Tmp117.class);
        this.scheduler = new LoopScheduler(clock);
        scheduler.every("rings", spec.control().ringPeriodNs(), this::ringTick);
        scheduler.every("els", spec.control().elsPeriodNs(), this::elsTick);
        scheduler.every("board", BOARD_PERIOD_NS, this::boardTick);
        scheduler.every("telemetry", TELEMETRY_PERIOD_NS, now -> publish());
        scheduler.every("commands", COMMAND_PERIOD_NS, this::drainCommands);
        this.sweepLoop = sweepLoop();
        publish();
    }

    /**
     * The loop that steps calibration sweeps faster than the ring tick, for engines whose board file
     * declares the heaters' time constant and whose bus allows it ({@link org.lightkeeper.firmware.ring.SweepPace});
     * null when no engine does (the sweep steps once a ring tick, the ring loop alone ticks the engines).
     * Paced, not fixed-rate: each run at least the slowest such engine's step period after the last began
     * (its bus allowance) and its settling time after the last ended (the heaters' writes end each run), so
     * an ELS transaction in between only delays a step, never makes it early. Parked while no engine sweeps.
     */
    private LoopScheduler.Loop sweepLoop() {
        long period = 0;
        long gap = 0;
        for (EngineLock e : engines) {
            var p = e.sweepPace();
            if (!p.onRingLoop()) {
                period = Math.max(period, p.minPeriodNs());
                gap = Math.max(gap, p.settleNs());
            }
        }
        return period == 0 ? null : scheduler.paced("sweep", period, gap, this::sweepTick);
    }

    /** One step of every engine sweeping on its own pace; parks the loop when none is left. */
    private void sweepTick(long now) {
        boolean any = false;
        for (int e = 0; e < engines.size(); e++) {
            EngineLock lock = engines.get(e);
            if (enginePowered.get(e) && lock.sweepsOnItsOwnPace()) {
                try {
                    lock.tick(now);
                } catch (BusException ex) {
                    LOG.warning("engine " + e + " sweep step: " + ex.getMessage());
                }
                any |= lock.sweepsOnItsOwnPace();
            }
        }
        if (!any) {
            sweepLoop.park(); // the ring loop ticks them again from its next run
        }
    }

    private static String sourceModule(EngineSpec es, WaveguideSpec w) {
        while (w.elsModule() == null) {
            String from = w.loopbackFrom();
            w = es.waveguides().stream().filter(x -> x.name().equals(from)).findFirst().orElseThrow();
        }
        return w.elsModule();
    }

    private void ringTick(long now) {
        ringEngines(now);
        if (allLockedAfterStartNs < 0) {
            noteFirstAllLocked(now);
        }
        // Share of the ring period the SPI buses were busy: the loop's bus budget (DESIGN.md section 3).
        long wire = 0;
        for (int i = 0; i < spiMeters.size(); i++) {
            wire += spiMeters.get(i).markAndElapsedWireNs();
        }
        double share = (double) wire / spec.control().ringPeriodNs();
        ringBusShare = share;
        if (share > ringBusShareMax) {
            ringBusShareMax = share;
        }
    }

    /** Share of the last ring period the SPI buses were busy, and the largest seen. */
    public double ringBusShare() {
        return ringBusShare;
    }

    public double ringBusShareMax() {
        return ringBusShareMax;
    }

    /** The board's drivers with their per-bus transaction logs, wire-time meters and retry counters. */
    public BoardDrivers drivers() {
        return drivers;
    }

    private void ringEngines(long now) {
        boolean paced = false;
        for (int e = 0; e < engines.size(); e++) {
            if (enginePowered.get(e)) {
                EngineLock lock = engines.get(e);
                if (sweepLoop != null && lock.sweepsOnItsOwnPace()) {
                    paced = true;
                    continue; // its calibration sweep steps on the sweep loop
                }
                try {
                    lock.tick(now);
                } catch (BusException ex) {
                    // Heaters hold their last DAC code; the next tick tries again.
                    LOG.warning("engine " + e + " tick: " + ex.getMessage());
                }
                paced |= sweepLoop != null && lock.sweepsOnItsOwnPace();
            }
        }
        if (paced) {
            sweepLoop.wake(clock.nanos());
        }
    }

    /**
     * The interlock is evaluated for every slot every tick (no bus traffic); the bus work is one
     * slot's per tick, round robin, so a board with many ELS modules keeps each tick short.
     */
    private void elsTick(long now) {
        for (ElsSlotController c : slots) {
            boolean powered = true;
            for (int e : enginesFedBySlot.getOrDefault(c.slot(), List.of())) {
                powered &= enginePowered.get(e);
            }
            LaserInterlock.PathStatus path = new LaserInterlock.PathStatus(c.moduleReady(), powered, true,
                    criticalAlarms.contains(c.slot()));
            c.allowLanes(LaserInterlock.allowedLanes(path));
        }
        if (!slots.isEmpty()) {
            slots.get((int) (elsTicks++ % slots.size())).tick(now);
        }
    }

    private void boardTick(long now) {
        if (boardSensor != null) {
            try {
                boardTemperatureC = boardSensor.readTemperatureC();
                if (boardSensorFailing) {
                    LOG.info("board temperature sensor answers again");
                    boardSensorFailing = false;
                }
            } catch (BusException ex) {
                // Logged when it starts failing, not every period; the reading goes stale (NaN).
                boardTemperatureC = Double.NaN;
                if (!boardSensorFailing) {
                    LOG.warning("board temperature: " + ex.getMessage());
                    boardSensorFailing = true;
                }
            }
        }
    }

    /**
     * Runs {@code command} on the control thread between loop runs (within one command period) and
     * completes the future with its result or exception. The way management writes reach the
     * controllers: nothing else touches them from another thread.
     */
    public <T> java.util.concurrent.CompletableFuture<T> execute(java.util.concurrent.Callable<T> command) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        commands.add(() -> {
            try {
                f.complete(command.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private void drainCommands(long now) {
        Runnable c;
        boolean ran = false;
        while ((c = commands.poll()) != null) {
            c.run();
            ran = true;
        }
        if (ran) {
            // Management writes arrive only as commands: what they changed is on disk within milliseconds.
            saveConfigurationIfChanged(true);
        }
    }


    public List<EngineLock> engines() {
        return List.copyOf(engines);
    }

    /** Adds a loop of the caller's (status output, scenario steps) on the firmware's clock and thread. */
    public void every(String name, long periodNs, LoopScheduler.Body body) {
        scheduler.every(name, periodNs, body);
    }

    /**
     * A critical alarm stands (or no longer stands) on ELS slot {@code slot}'s light path: the laser
     * interlock darkens its lanes within one ELS period while it does. Control thread only.
     */
    public void setCriticalAlarm(int slot, boolean critical) {
        if (critical) {
            criticalAlarms.add(slot);
        } else {
            criticalAlarms.remove(slot);
        }
    }

    /** How often the calibration is re-saved while everything stays locked (operating points drift). */
    public static final long CALIBRATION_RESAVE_NS = 60_000_000_000L;

    /**
     * Keeps configuration and calibration in {@code dir} (docs/persistence.md): loads the calibration
     * now, so rings fed by the same ELS modules reacquire without a sweep, and saves it whenever every
     * ring is locked after a calibration, then every minute. Files are written by a background thread
     * (fsync must not stall the control loop). Call before the first {@link #runUntil}.
     */
    public void useStateDirectory(java.nio.file.Path dir) throws java.io.IOException {
        if (started) {
            throw new IllegalStateException("the state directory must be named before the firmware first runs");
        }
        store = org.lightkeeper.firmware.persist.StateStore.open(dir);
        var loaded = store.load(org.lightkeeper.firmware.persist.Documents.CALIBRATION);
        if (loaded.needsAlarm()) {
            LOG.warning("calibration: " + loaded.summary());
            stateFileRejects += (int) loaded.problems().stream().filter(p -> p.kind().rejectsGeneration()).count();
        }
        loaded.optional().ifPresent(cal -> {
            for (ElsSlotController c : slots) {
                cal.els(c.slot()).ifPresent(els -> {
                    double[] bias = new double[8];
                    java.util.Arrays.fill(bias, Double.NaN);
                    els.lanes().forEach(l -> bias[l.lane()] = l.biasAtSetpointMa());
                    c.useCalibratedBias(els.vendor(), els.serial(), bias);
                });
            }
            for (EngineLock e : engines) {
                cal.engine(e.spec().engine()).ifPresent(c -> {
                    e.seedCalibration(c, slot -> cal.els(slot).orElse(null));
                    calibratedEngines.add(engines.indexOf(e));
                });
            }
            LOG.info("calibration generation " + loaded.generation() + " loaded from " + loaded.file());
        });
        var config = store.load(org.lightkeeper.firmware.persist.Documents.CONFIG);
        if (config.needsAlarm()) {
            LOG.warning("configuration: " + config.summary());
            stateFileRejects += (int) config.problems().stream().filter(p -> p.kind().rejectsGeneration()).count();
            configUnreadable = config.optional().isEmpty();
        }
        config.optional().ifPresent(c -> {
            RunningConfiguration.apply(c, slots, engines);
            storedThresholds = c.thresholds();
            savedConfig = c;
            LOG.info("configuration generation " + config.generation() + " loaded from " + config.file());
        });
        journal = org.lightkeeper.firmware.persist.HeaterCodeJournal.open(dir, spec.ringCount(), boardKey(spec));
        writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lightkeeper-state-writer");
            t.setDaemon(true);
            return t;
        });
        scheduler.every("persist", 1_000_000_000L, this::persistTick);
    }

    /** State files rejected when the state directory was loaded (each a fallback or a lost document): alarmed. */
    public int stateFileRejects() {
        return stateFileRejects;
    }

    /** Identifies the board's heater wiring in the heater journal: a journal of another board is not adopted. */
    private static int boardKey(BoardSpec spec) {
        StringBuilder b = new StringBuilder(spec.name());
        for (EngineSpec e : spec.engines()) {
            for (RingSpec r : e.rings()) {
                b.append('|').append(r.id()).append(':').append(r.heaterDac()).append(':').append(r.heaterChannel());
            }
        }
        return b.toString().hashCode();
    }

    /** The operator configuration in force now (control thread). */
    public org.lightkeeper.firmware.persist.Configuration configuration() {
        Map<String, org.lightkeeper.firmware.persist.Configuration.Thresholds> thresholds = thresholdSource.get();
        return RunningConfiguration.read(slots, engines, thresholds.isEmpty() ? storedThresholds : thresholds);
    }

    /**
     * Alarm thresholds as stored in the configuration loaded at start (empty when none): the management
     * layer puts them in its alarm table and then names itself the {@link #thresholdSource}.
     */
    public Map<String, org.lightkeeper.firmware.persist.Configuration.Thresholds> storedThresholds() {
        return storedThresholds;
    }

    /** Where the thresholds to persist come from (the management layer's alarm table); any thread. */
    public void thresholdSource(java.util.function.Supplier<Map<String,
            org.lightkeeper.firmware.persist.Configuration.Thresholds>> source) {
        this.thresholdSource = source;
    }

    /** Saves the configuration when it differs from the one last saved (control thread; written by the writer thread). */
    private void saveConfigurationIfChanged(boolean operatorActed) {
        if (store == null || configUnreadable && !operatorActed) {
            return;
        }
        var now = configuration();
        if (now.equals(savedConfig)) {
            return;
        }
        configUnreadable = false;
        savedConfig = now;
        pendingWrite = writer.submit(() -> {
            try {
                long gen = store.save(org.lightkeeper.firmware.persist.Documents.CONFIG, now);
                LOG.fine("configuration generation " + gen + " saved");
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warning("configuration not saved: " + e.getMessage());
            }
        });
    }

    private void persistTick(long now) {
        saveConfigurationIfChanged(false);
        if (lastSavedNs >= 0 && now - lastSavedNs < CALIBRATION_RESAVE_NS && savedLockEvents == lockEvents()) {
            return;
        }
        List<org.lightkeeper.firmware.persist.Calibration.Engine> cals = new ArrayList<>();
        for (EngineLock e : engines) {
            var c = e.calibration();
            if (c.isEmpty()) {
                return; // only complete calibrations are kept
            }
            cals.add(c.get());
        }
        List<org.lightkeeper.firmware.persist.Calibration.Els> els = new ArrayList<>();
        for (ElsSlotController c : slots) {
            if (c.identity() == null) {
                return;
            }
            List<org.lightkeeper.firmware.persist.Calibration.LaneBias> bias = new ArrayList<>();
            for (int lane = 0; lane < 8; lane++) {
                // The beginning-of-life bias once known (ageing is judged against it), else the bias now.
                double bol = c.beginningOfLifeBiasMa(lane);
                double b = Double.isNaN(bol) ? c.biasMa(lane) : bol;
                if (b > 0 && b <= org.lightkeeper.firmware.persist.Calibration.MAX_BIAS_MA) {
                    bias.add(new org.lightkeeper.firmware.persist.Calibration.LaneBias(lane, b));
                }
            }
            els.add(new org.lightkeeper.firmware.persist.Calibration.Els(c.slot(), c.identity().vendorName(),
                    c.identity().serialNumber(), bias));
        }
        var cal = new org.lightkeeper.firmware.persist.Calibration(els, cals);
        lastSavedNs = now;
        savedLockEvents = lockEvents();
        pendingWrite = writer.submit(() -> {
            try {
                long gen = store.save(org.lightkeeper.firmware.persist.Documents.CALIBRATION, cal);
                LOG.fine("calibration generation " + gen + " saved");
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warning("calibration not saved: " + e.getMessage());
            }
        });
    }

    private long lockEvents() {
        long n = 0;
        for (EngineLock e : engines) {
            n += e.lockEvents();
        }
        return n;
    }

    /** Waits until the last calibration handed to the writer is on disk (tests, orderly shutdown). */
    public void awaitPersistence() throws Exception {
        java.util.concurrent.Future<?> f = pendingWrite;
        if (f != null) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Steps every loop until the clock reaches {@code endNs}. */
    public void runUntil(long endNs, Waiter waiter) {
        if (!started) {
            start();
        }
        scheduler.runUntil(endNs, waiter);
        publish();
    }

    /**
     * First touch of the hardware (DESIGN.md section 6). Each ELS expander's registers are read back, so
     * a module a previous process left running can be adopted as it is; each engine's heaters are
     * adopted as they hold (EIC read back, LTC2668 from the heater journal) when a calibration for the
     * engine was loaded, else brought to zero (cold start). Every choice and its reason is logged and
     * kept in {@link #startLog()}.
     */
    private void start() {
        started = true;
        startedAtNs = clock.nanos();
        for (Map.Entry<String, SidebandExpander> x : expanders.entrySet()) {
            try {
                x.getValue().adopt();
                for (ElsSlotController c : slots) {
                    if (spec.elsSlots().get(slots.indexOf(c)).expander().equals(x.getKey())) {
                        c.adoptAtFirstContact();
                    }
                }
            } catch (BusException ex) {
                note("expander " + x.getKey() + " not readable (" + ex.getMessage() + "): its ELS slots start from reset");
            }
        }
        int[] recorded = journal == null ? null : journal.found().orElse(null);
        if (journal != null && recorded == null) {
            note(journal.whyNotFound());
        }
        int base = 0;
        for (int e = 0; e < engines.size(); e++) {
            HeaterBank heaters = heaterBanks.get(e);
            int n = engines.get(e).ringCount();
            if (journal != null) {
                heaters.useJournal(journal, base);
            }
            boolean powered;
            try {
                monitorBanks.get(e).init();
                String why = calibratedEngines.contains(e) ? heaters.adopt(
                        recorded == null ? null : java.util.Arrays.copyOfRange(recorded, base, base + n))
                        : "no calibration for it";
                if (why == null) {
                    engines.get(e).heatersAdopted();
                    note("engine " + e + ": warm start, heaters adopted as the hardware holds them");
                } else {
                    note("engine " + e + ": cold start, heaters brought to zero: " + why);
                    heaters.init();
                }
                powered = true;
            } catch (BusException ex) {
                LOG.severe("engine " + e + " does not answer, kept dark: " + ex.getMessage());
                powered = false;
            }
            enginePowered.set(e, powered);
            note("engine " + e + " tracking: " + engines.get(e).trackingPlan().reason());
            if (engines.get(e).spec().heaterTimeConstantDeclared()) {
                note("engine " + e + " " + engines.get(e).sweepPace().reason());
            }
            base += n;
        }
    }

    /** Firmware time from the first touch of the hardware to every ring with a line locked; -1 until then. */
    private long allLockedAfterStartNs = -1;
    private long startedAtNs;

    private void noteFirstAllLocked(long now) {
        int withLine = 0;
        for (EngineLock e : engines) {
            for (int i = 0; i < e.ringCount(); i++) {
                if (e.lane(i) >= 0 && e.state(i) != org.lightkeeper.firmware.ring.RingLockState.LOCKED) {
                    return;
                }
                withLine += e.lane(i) >= 0 ? 1 : 0;
            }
        }
        if (withLine == 0) {
            return;
        }
        allLockedAfterStartNs = now - startedAtNs;
        note(String.format("every ring with a line (%d) locked %.1f ms after start", withLine, allLockedAfterStartNs / 1e6));
    }

    /** Firmware time from start to every ring with a line locked, ns; -1 while not yet. */
    public long allLockedAfterStartNs() {
        return allLockedAfterStartNs;
    }

    private void note(String line) {
        LOG.info(line);
        startLog.add(line);
    }

    /** What the start decided, warm or cold, for each engine and why (control thread, after the first run). */
    public List<String> startLog() {
        return List.copyOf(startLog);
    }

    public void stop() {
        scheduler.stop();
    }

    /**
     * Orderly end of this firmware (not of the board): stops the loops, waits for pending saves, ends
     * the writer thread and closes the heater journal. Every output is left as it is, for the next
     * firmware to adopt. A killed process does none of this, and the next start copes as well.
     */
    public void close() throws Exception {
        stop();
        awaitPersistence();
        if (writer != null) {
            writer.shutdown();
        }
        if (journal != null) {
            journal.close();
        }
    }

    public Clock clock() {
        return clock;
    }

    public BoardSpec spec() {
        return spec;
    }

    public String backend() {
        return backend;
    }

    public BoardSnapshot snapshot() {
        return snapshot;
    }

    /** Publishes a snapshot now, between loop runs (scenario sampling, tests); same thread as the loops only. */
    public BoardSnapshot publishNow() {
        publish();
        return snapshot;
    }

    public List<ElsSlotController> slots() {
        return List.copyOf(slots);
    }

    private void publish() {
        snapshot = SnapshotBuilder.build(clock.nanos(), boardTemperatureC, slots, engines, scheduler.loops());
    }

    /** Positions of rings by id, for inventories. */
    public RingSpec ringSpec(int id) {
        for (EngineSpec e : spec.engines()) {
            for (RingSpec r : e.rings()) {
                if (r.id() == id) {
                    return r;
                }
            }
        }
        return null;
    }
}
