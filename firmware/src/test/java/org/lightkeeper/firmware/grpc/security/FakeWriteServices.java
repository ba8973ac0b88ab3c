package org.lightkeeper.firmware.grpc.security;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.GetStateRequest;

/**
 * Stand-ins for the write methods of the real services, built by hand so the security chain is
 * tested on its own: same simple method names (the policy goes by them), a service package of their
 * own so they never collide with the real services. The request is a BoardState, big enough to carry
 * an oversized payload; each call is counted, so a test can show a refused call changed nothing.
 */
final class FakeWriteServices {
    static final String SET_LANE = "lightkeeper.v1test.LaserService/SetLaneEnabled";
    static final String WRITE_REGISTER = "lightkeeper.v1test.MaintenanceService/WriteRegister";
    static final String FROBNICATE = "lightkeeper.v1test.MaintenanceService/Frobnicate";

    final AtomicInteger calls = new AtomicInteger();

    static MethodDescriptor<BoardState, GetStateRequest> method(String fullName) {
        return MethodDescriptor.<BoardState, GetStateRequest>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(ProtoUtils.marshaller(BoardState.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(GetStateRequest.getDefaultInstance()))
                .build();
    }

    List<ServerServiceDefinition> definitions() {
        ServerCalls.UnaryMethod<BoardState, GetStateRequest> body = (req, out) -> {
            calls.incrementAndGet();
            out.onNext(GetStateRequest.getDefaultInstance());
            out.onCompleted();
        };
        return List.of(
                ServerServiceDefinition.builder("lightkeeper.v1test.LaserService")
                        .addMethod(method(SET_LANE), ServerCalls.asyncUnaryCall(body)).build(),
                ServerServiceDefinition.builder("lightkeeper.v1test.MaintenanceService")
                        .addMethod(method(WRITE_REGISTER), ServerCalls.asyncUnaryCall(body))
                        .addMethod(method(FROBNICATE), ServerCalls.asyncUnaryCall(body)).build());
    }

    static void call(Channel ch, String fullName, BoardState request) {
        ClientCalls.blockingUnaryCall(ch, method(fullName), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    static void call(Channel ch, String fullName) {
        call(ch, fullName, BoardState.newBuilder().setSampledAtNs(42).build());
    }
}
