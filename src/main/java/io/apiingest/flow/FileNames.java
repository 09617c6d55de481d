package io.apiingest.flow;

/**
 * The one place that names the {@code -2}, {@code -3}, … variants of a file's name: its outbox folder when the
 * plain one holds another run, and its name under {@code inbox/.done/} when an earlier input of that name is there.
 */
public final class FileNames {

    /** Exchange property: the outbox job (folder name) the file's requests belong to. */
    public static final String JOB = "ingestJob";

    private FileNames() {
    }

    /** The name without its extension: {@code orders.txt} → {@code orders}, the folder name of its results. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The extension with its dot ({@code .csv}), lower case; empty when there is none. */
    public static String extension(String fileName) {
        return fileName.substring(stem(fileName).length()).toLowerCase(java.util.Locale.ROOT);
    }

    /** The n-th variant (1 = the name itself): {@code orders.txt}, {@code orders-2.txt}, … */
    public static String numbered(String fileName, int n) {
        if (n == 1) {
            return fileName;
        }
        String stem = stem(fileName);
        return stem + "-" + n + fileName.substring(stem.length());
    }
}
