// A library loaded on first use: its functions are found by name, and a
// library or function that is not there is an error naming it, never a
// crash at the first call.
#include "base/loaded_library.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bucketwatch {
namespace {

TEST(LoadedLibrary, FindsAFunctionByName) {
  auto libc = LoadedLibrary::Open("libc.so.6", "the C library", "glibc");
  ASSERT_TRUE(libc.ok()) << libc.status().ToString();
  decltype(&std::strlen) strlen_of_libc = nullptr;
  ASSERT_TRUE(libc->Find("strlen", strlen_of_libc).ok());
  EXPECT_EQ(strlen_of_libc("bucketwatch"), 11u);
}

TEST(LoadedLibrary, AMissingLibraryIsAnErrorThatNamesItAndWhatItIsFor) {
  auto missing = LoadedLibrary::Open("libbucketwatch-absent.so.1", "a test library", "any version");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("could not load libbucketwatch-absent.so.1 (a test library): "),
            std::string::npos)
      << missing.status().message();
}

TEST(LoadedLibrary, AMissingFunctionIsAnErrorThatNamesTheLibraryTheFunctionAndWhatIsNeeded) {
  auto libc = LoadedLibrary::Open("libc.so.6", "the C library", "glibc 2.34 or later");
  ASSERT_TRUE(libc.ok());
  void (*function)() = nullptr;
  Status s = libc->Find("bucketwatch_no_such_function", function);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(function, nullptr);
  EXPECT_EQ(s.message(), "libc.so.6 has no bucketwatch_no_such_function (glibc 2.34 or later is needed)");
}

}  // namespace
}  // namespace bucketwatch
