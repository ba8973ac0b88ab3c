package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.lightkeeper.api.v1.GetInventoryRequest;
import org.lightkeeper.api.v1.Inventory;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;

/** {@code lightkeeper.v1.InventoryService}: the board as described and as identified. Read-only. */
final class InventoryGrpcService extends InventoryServiceGrpc.InventoryServiceImplBase {
    private final BoardSpec spec;
    private final String backend;
    private final String version;
    private final Supplier<BoardSnapshot> snapshot;

    InventoryGrpcService(BoardSpec spec, String backend, String version, Supplier<BoardSnapshot> snapshot) {
        this.spec = spec;
        this.backend = backend;
        this.version = version;
        this.snapshot = snapshot;
    }

    @Override
    public void getInventory(GetInventoryRequest request, StreamObserver<Inventory> response) {
        response.onNext(ProtoMapper.inventory(spec, backend, version, snapshot.get()));
        response.onCompleted();
    }
}
