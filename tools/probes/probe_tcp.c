/*
 * probe_tcp.c — measures loopback TCP bandwidth: a sender thread writes
 * 1 MiB chunks to 127.0.0.1 as fast as it can, the receiving thread reads
 * into a 1 MiB buffer; prints bytes per second.  This is the ceiling of
 * client <-> broker traffic on one machine.
 *
 *   probe_tcp [--seconds S] [--chunk BYTES]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct sender {
    int    fd;
    size_t chunk;
    double secs;
} sender;

static void *send_main(void *arg)
{
    sender *s = arg;
    uint8_t *buf = malloc(s->chunk);
    double t0 = now_s();

    if (buf != NULL) {
        memset(buf, 0x5a, s->chunk);
        while (now_s() - t0 < s->secs) {
            size_t off = 0;
            while (off < s->chunk) {
                ssize_t w = write(s->fd, buf + off, s->chunk - off);
                if (w <= 0)
                    goto out;
                off += (size_t)w;
            }
        }
    }
out:
    shutdown(s->fd, SHUT_WR);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof(sa);
    sender s = { -1, 1u << 20, 3.0 };
    pthread_t th;
    int lfd, cfd, afd, i, one = 1;
    uint8_t *buf;
    uint64_t total = 0;
    double t0, el;
    ssize_t r;

    for (i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--seconds") == 0)
            s.secs = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--chunk") == 0)
            s.chunk = (size_t)strtoull(argv[i + 1], NULL, 10);
    }
    if (s.chunk == 0)
        s.chunk = 1u << 20;
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(lfd, 1) != 0 ||
        getsockname(lfd, (struct sockaddr *)&sa, &sl) != 0) {
        perror("probe_tcp: listen");
        return 1;
    }
    cfd = socket(AF_INET, SOCK_STREAM, 0);
    if (cfd < 0 || connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("probe_tcp: connect");
        return 1;
    }
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    afd = accept(lfd, NULL, NULL);
    if (afd < 0) {
        perror("probe_tcp: accept");
        return 1;
    }
    buf = malloc(1u << 20);
    if (buf == NULL)
        return 1;
    s.fd = cfd;
    t0 = now_s();
    if (pthread_create(&th, NULL, send_main, &s) != 0)
        return 1;
    while ((r = read(afd, buf, 1u << 20)) > 0)
        total += (uint64_t)r;
    el = now_s() - t0;
    pthread_join(th, NULL);
    printf("PROBE tcp_loopback chunk=%zu gb_per_s=%.2f\n", s.chunk, (double)total / el / 1e9);
    free(buf);
    close(afd);
    close(cfd);
    close(lfd);
    return 0;
}
