package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.state.BoardSnapshot;

/** {@code lightkeeper.v1.StateService}: the latest published snapshot; never waits on the control loops. */
final class StateGrpcService extends StateServiceGrpc.StateServiceImplBase {
    private final Supplier<BoardSnapshot> snapshot;

    StateGrpcService(Supplier<BoardSnapshot> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public void getState(GetStateRequest request, StreamObserver<BoardState> response) {
        response.onNext(ProtoMapper.state(snapshot.get()));
        response.onCompleted();
    }
}
