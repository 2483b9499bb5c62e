// terrain-server's entry point: everything is in run_main (commands.cpp).
#include "commands.h"

int main(int argc, char** argv) {
  return terrain::server::run_main(argc, argv);
}
