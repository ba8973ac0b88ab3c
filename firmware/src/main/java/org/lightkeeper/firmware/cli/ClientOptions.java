package org.lightkeeper.firmware.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import picocli.CommandLine.Option;

/** Options every client subcommand shares. */
public final class ClientOptions {
    @Option(names = "--target", description = "Firmware management address host:port (default: ${DEFAULT-VALUE}).")
    String target = "127.0.0.1:50051";

    @Option(names = "--json", description = "Print protobuf JSON instead of text.")
    boolean json;

    @Option(names = "--timeout", description = "Seconds to wait for an answer (default: ${DEFAULT-VALUE}).")
    double timeoutS = 10;

    ManagedChannel channel() {
        return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }
}
