package org.lightkeeper.firmware.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.lightkeeper.hal.bus.BusException;

/** Status helpers: every refusal names the field and, where there is one, the limit. */
final class Statuses {
    private Statuses() {
    }

    static StatusRuntimeException notFound(String field, String message) {
        return Status.NOT_FOUND.withDescription(field + ": " + message).asRuntimeException();
    }

    static StatusRuntimeException invalid(String field, String message) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + message).asRuntimeException();
    }

    static StatusRuntimeException precondition(String field, String message) {
        return Status.FAILED_PRECONDITION.withDescription(field + ": " + message).asRuntimeException();
    }

    /** Completes {@code response} from {@code result}: its value, or its failure as a status. */
    static <T> void reply(CompletableFuture<T> result, StreamObserver<T> response) {
        result.whenComplete((v, e) -> {
            if (e == null) {
                response.onNext(v);
                response.onCompleted();
            } else {
                response.onError(toStatus(e));
            }
        });
    }

    static StatusRuntimeException toStatus(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof BusException) {
            return Status.UNAVAILABLE.withDescription("bus error: " + e.getMessage()).withCause(e).asRuntimeException();
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(e)).withCause(e).asRuntimeException();
    }
}
