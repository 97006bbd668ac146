/* main.c: the phaseout command table (placeholder until the CLI lands). */
#include <stdio.h>

int main(void)
{
    puts("phaseout");
    return 0;
}
