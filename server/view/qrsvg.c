#include "qrsvg.h"

#include <qrencode.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "view/escape.h"

#define QUIET 4 /* modules of white around the code (ISO/IEC 18004) */

char *qrsvg_render(struct arena *a, const char *text, size_t len, const char *label)
{
    char buf[QRSVG_MAX_INPUT + 1];
    struct sbuf b;
    QRcode *qr;
    int x, y, side;

    if (!len || len > QRSVG_MAX_INPUT || memchr(text, '\0', len))
        return NULL;
    memcpy(buf, text, len);
    buf[len] = '\0';
    qr = QRcode_encodeString8bit(buf, 0, QR_ECLEVEL_M);
    if (!qr)
        return NULL;
    side = qr->width + 2 * QUIET;
    sbuf_init(&b, a, 256 * 1024);
    sbuf_addf(&b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" role=\"img\" aria-label=\"",
              side, side, side * 5, side * 5);
    escape_html(&b, label ? label : "", label ? strlen(label) : 0);
    sbuf_addf(&b,
              "\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
              "fill=\"#fff\"/><path fill=\"#000\" d=\"",
              side, side);
    for (y = 0; y < qr->width; y++)
        for (x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                sbuf_addf(&b, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
    sbuf_adds(&b, "\"/></svg>");
    QRcode_free(qr);
    return sbuf_failed(&b) ? NULL : b.buf;
}
