package io.jdlio.cli;

import java.io.Console;

/** Whether the launcher's output is a terminal, where progress redraws one line instead of printing lines. */
final class Terminal {
    private Terminal() {
    }

    /**
     * System.console() alone until JDK 21; from JDK 22 it returns a console for redirected output too, and
     * Console.isTerminal() (JDK 22) says whether it is one.
     */
    static boolean attached() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
