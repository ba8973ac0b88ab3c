package org.lightkeeper.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpioEdgeQueueTest {
    private final GpioEdgeQueue queue = new GpioEdgeQueue(4);
    private final List<String> rising = new ArrayList<>();
    private final List<String> falling = new ArrayList<>();
    private final List<String> both = new ArrayList<>();

    private static GpioEdgeListener into(List<String> seen) {
        return (pin, edge, nanos) -> seen.add(edge.name().charAt(0) + "@" + nanos);
    }

    @Test
    void edgeKindsAcceptTheirLevels() {
        assertTrue(GpioEdge.RISING.accepts(true));
        assertFalse(GpioEdge.RISING.accepts(false));
        assertTrue(GpioEdge.FALLING.accepts(false));
        assertFalse(GpioEdge.FALLING.accepts(true));
        assertTrue(GpioEdge.BOTH.accepts(true) && GpioEdge.BOTH.accepts(false));
        assertEquals(GpioEdge.RISING, GpioEdge.to(true));
        assertEquals(GpioEdge.FALLING, GpioEdge.to(false));
        assertTrue(GpioDirection.OUTPUT_HIGH.isOutput() && GpioDirection.OUTPUT_HIGH.initialLevel());
        assertFalse(GpioDirection.INPUT.isOutput());
    }

    @Test
    void drainDeliversInOrderToMatchingListenersOnly() {
        queue.add(GpioEdge.RISING, into(rising));
        queue.add(GpioEdge.FALLING, into(falling));
        queue.add(GpioEdge.BOTH, into(both));
        queue.offer(true, 10);
        queue.offer(false, 20);
        queue.offer(true, 30);
        assertTrue(both.isEmpty(), "nothing is delivered before drain");
        assertEquals(3, queue.pending());
        assertEquals(3, queue.drain(null));
        assertEquals(List.of("R@10", "R@30"), rising);
        assertEquals(List.of("F@20"), falling);
        assertEquals(List.of("R@10", "F@20", "R@30"), both);
        assertEquals(0, queue.drain(null));
    }

    @Test
    void edgesNobodyWantsAreNotQueued() {
        queue.offer(true, 1);
        assertEquals(0, queue.pending());
        queue.add(GpioEdge.RISING, into(rising));
        queue.offer(false, 2);
        queue.offer(true, 3);
        assertEquals(1, queue.pending());
    }

    @Test
    void fullQueueDropsOldestAndCountsIt() {
        queue.add(GpioEdge.BOTH, into(both));
        for (int i = 0; i < 6; i++) {
            queue.offer(i % 2 == 0, i);
        }
        assertEquals(4, queue.pending());
        assertEquals(2, queue.dropped());
        queue.drain(null);
        assertEquals(List.of("R@2", "F@3", "R@4", "F@5"), both);
    }

    @Test
    void removedListenerGetsNothingAndDoubleAddIsRefused() {
        GpioEdgeListener l = into(both);
        queue.add(GpioEdge.BOTH, l);
        assertThrows(IllegalArgumentException.class, () -> queue.add(GpioEdge.RISING, l));
        queue.offer(true, 1);
        assertTrue(queue.remove(l));
        assertFalse(queue.remove(l));
        assertFalse(queue.hasListeners());
        queue.drain(null);
        assertTrue(both.isEmpty());
    }
}
