package org.cseg.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the JNI library {@code cseg_jni} once per class loader.
 *
 * <p>Order: the path in the system property {@code cseg.jni.path} when set;
 * then {@code System.loadLibrary("cseg_jni")} (java.library.path, which
 * includes LD_LIBRARY_PATH on Linux); then the copy packed in the jar under
 * {@code org/cseg/native/<os>-<arch>/}, extracted to a temporary file. The
 * JNI library is self-contained (libcseg is linked into it), so the extracted
 * file needs nothing beside it.
 *
 * <p>Internal: not part of the public API.
 */
public final class NativeLibrary {
    /** Name given to System.loadLibrary. */
    public static final String NAME = "cseg_jni";

    private static String source;

    private NativeLibrary() {
    }

    /** Loads the library if not yet loaded; throws UnsatisfiedLinkError listing every attempt. */
    public static synchronized void load() {
        if (source != null) {
            return;
        }
        List<String> tried = new ArrayList<>();
        String explicit = System.getProperty("cseg.jni.path");
        if (explicit != null && !explicit.isEmpty()) {
            try {
                System.load(explicit);
                source = explicit;
                return;
            } catch (UnsatisfiedLinkError e) {
                tried.add("System.load(\"" + explicit + "\") from -Dcseg.jni.path: " + e.getMessage());
            }
        }
        try {
            System.loadLibrary(NAME);
            source = "java.library.path (" + System.mapLibraryName(NAME) + ")";
            return;
        } catch (UnsatisfiedLinkError e) {
            tried.add("System.loadLibrary(\"" + NAME + "\") with java.library.path="
                + System.getProperty("java.library.path") + ": " + e.getMessage());
        }
        String resource = "/org/cseg/native/" + platform() + "/" + System.mapLibraryName(NAME);
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                tried.add("jar resource " + resource + ": not packed for this platform");
            } else {
                Path tmp = Files.createTempFile("cseg_jni-", "-" + System.mapLibraryName(NAME));
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    System.load(tmp.toAbsolutePath().toString());
                    source = "jar resource " + resource;
                    return;
                } catch (UnsatisfiedLinkError e) {
                    tried.add("jar resource " + resource + " extracted to " + tmp + ": " + e.getMessage());
                } finally {
                    // Once mapped (or failed) the file is not needed: remove it now
                    // rather than at exit, which a crash would skip.
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        tmp.toFile().deleteOnExit();
                    }
                }
            }
        } catch (IOException e) {
            tried.add("jar resource " + resource + ": " + e);
        }
        StringBuilder msg = new StringBuilder("cseg: cannot load the native library '" + NAME + "'. Tried:");
        for (String t : tried) {
            msg.append("\n  - ").append(t);
        }
        msg.append("\nFix: add the folder holding ").append(System.mapLibraryName(NAME))
            .append(" to -Djava.library.path, or set -Dcseg.jni.path=/full/path/")
            .append(System.mapLibraryName(NAME)).append('.');
        throw new UnsatisfiedLinkError(msg.toString());
    }

    /** Where the library was loaded from, or null when not loaded. */
    public static synchronized String source() {
        return source;
    }

    /** Platform folder inside the jar, e.g. "linux-x86_64". */
    public static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "darwin";
        } else if (os.startsWith("windows")) {
            os = "windows";
        } else {
            os = os.replaceAll("[^a-z0-9]+", "");
        }
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "amd64":
            case "x86_64":
                arch = "x86_64";
                break;
            case "arm64":
            case "aarch64":
                arch = "aarch64";
                break;
            case "x86":
            case "i386":
            case "i686":
                arch = "x86";
                break;
            default:
                break;
        }
        return os + "-" + arch;
    }

    /**
     * Checks a row-major matrix before it reaches native code, which cannot
     * see a Java array's length.
     */
    public static void checkMatrix(double[] data, long nRows, long nCols) {
        if (data == null || nRows < 1 || nCols < 1) {
            return; // the C library names the bad argument
        }
        if (nRows > Long.MAX_VALUE / nCols || nRows * nCols != data.length) {
            throw new org.cseg.CsegException(org.cseg.Status.INVALID_ARG.code(),
                "data has " + data.length + " values, but n_rows * n_cols = "
                + nRows + " * " + nCols);
        }
    }
}
