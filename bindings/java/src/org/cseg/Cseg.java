package org.cseg;

import org.cseg.internal.CsegNative;
import org.cseg.internal.NativeLibrary;

/**
 * Library-wide queries: version, live handles, threads.
 *
 * <pre>{@code
 * System.out.println("cseg " + Cseg.version());
 * }</pre>
 */
public final class Cseg {
    private Cseg() {
    }

    /**
     * Run-time version of the native library.
     *
     * @return e.g. {@code "0.1.0"}
     */
    public static String version() {
        return CsegNative.version();
    }

    /**
     * Run-time version as major * 10000 + minor * 100 + patch.
     *
     * @return e.g. {@code 100} for 0.1.0
     */
    public static int versionNumber() {
        return CsegNative.version_number();
    }

    /**
     * Number of native handles (datasets, models, assignments) alive in the
     * process. Closing (or collecting) a Java object lowers it; tests use it
     * to prove nothing leaks.
     *
     * @return the count
     */
    public static long liveHandles() {
        return CsegNative.live_handles();
    }

    /**
     * Caps the threads of the library's parallel loops. Results do not depend on it.
     *
     * @param nThreads 0 for all cores, or a positive limit
     * @throws CsegException when negative
     */
    public static void setMaxThreads(int nThreads) {
        CsegNative.set_max_threads(nThreads);
    }

    /**
     * Threads the library's parallel loops will use.
     *
     * @return at least 1
     */
    public static int maxThreads() {
        return CsegNative.get_max_threads();
    }

    /**
     * Where the JNI library was loaded from (java.library.path, the jar, or
     * the path given by {@code -Dcseg.jni.path}).
     *
     * @return a description for logs
     */
    public static String nativeLibrarySource() {
        CsegNative.live_handles(); // makes sure the library is loaded
        return NativeLibrary.source();
    }
}
