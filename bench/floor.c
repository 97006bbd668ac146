/*
 * floor.c: the benchmark's floor — one plain pass over the same bytes, counting newlines.
 *
 * usage: floor FILE...   prints "<lines> lines, <bytes> bytes".  Each file is
 * read with read(2) into a 1 MiB buffer and scanned with memchr(3), the
 * least any CSV reader must do; bench/rank.sh divides phaseout's time by it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    static char buf[1 << 20];
    unsigned long long lines = 0, bytes = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            perror(argv[i]);
            return 1;
        }
        ssize_t n;
        while ((n = read(fd, buf, sizeof(buf))) > 0) {
            bytes += (unsigned long long)n;
            const char *p = buf, *end = buf + n;
            while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
                lines++;
                p++;
            }
        }
        close(fd);
        if (n < 0) {
            perror(argv[i]);
            return 1;
        }
    }
    printf("%llu lines, %llu bytes\n", lines, bytes);
    return 0;
}
