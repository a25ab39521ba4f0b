# Writes OUT, a C++ source that holds each file of INPUTS as a string, so the
# binary carries its example snapshots (`bucketwatch eval --examples`).
set(body "// Generated from examples/ by cmake/embed.cmake. Do not edit.\n#include \"app/examples.h\"\n\nnamespace bucketwatch::app {\n\nconst std::vector<Example>& Examples() {\n  static const std::vector<Example> examples = {\n")
string(REPLACE "|" ";" INPUTS "${INPUTS}")
foreach(input IN LISTS INPUTS)
  file(READ ${input} content)
  get_filename_component(name ${input} NAME)
  string(APPEND body "      {\"${name}\", R\"BWEXAMPLE(${content})BWEXAMPLE\"},\n")
endforeach()
string(APPEND body "  };\n  return examples;\n}\n\n}  // namespace bucketwatch::app\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
