package org.lightkeeper.firmware;

import java.util.concurrent.Callable;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lightkeeper board check FILE...}: validates board files without touching any bus. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a board file (or a built-in board name) and summarise it; touches no hardware.")
public final class BoardCheckCommand implements Callable<Integer> {
    @Parameters(index = "0..*", arity = "1..*", description = "Board files or built-in board names.")
    java.util.List<String> boards;

    @Override
    public Integer call() {
        int bad = 0;
        for (String b : boards) {
            try {
                BoardSpec s = BoardFile.load(b);
                int devices = s.i2cBuses().stream().mapToInt(x -> x.devices().size()).sum()
                        + s.spiBuses().stream().mapToInt(x -> x.devices().size()).sum();
                System.out.printf("%s: ok: board '%s', %d devices on %d I2C and %d SPI buses, %d ELS slots, "
                                + "%d engines, %d rings%s%n", s.source(), s.name(), devices, s.i2cBuses().size(),
                        s.spiBuses().size(), s.elsSlots().size(), s.engines().size(), s.ringCount(),
                        s.physics().isPresent() ? ", simulator physics" : "");
            } catch (BoardFileException e) {
                System.out.println(e.getMessage());
                bad++;
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
