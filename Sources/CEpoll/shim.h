// epoll and eventfd are Linux headers that Swift's Glibc module does not include; this header-only module
// exposes them to the HTTP server (nothing to link: they are in glibc).
#include <sys/epoll.h>
#include <sys/eventfd.h>
