#include "app/commands.h"

int main(int argc, char** argv) { return bucketwatch::app::Main(argc, argv); }
