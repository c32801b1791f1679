# One INTERFACE target carries the language level, warnings and defines; every library,
# executable and test links it. No global flags.
add_library(lathe_options INTERFACE)
target_compile_features(lathe_options INTERFACE cxx_std_20)
target_compile_options(lathe_options INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter -Wno-deprecated-declarations>)
# Qt's slots/signals/emit macros clash with LibTorch headers.
target_compile_definitions(lathe_options INTERFACE QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII
  LATHE_VERSION="${PROJECT_VERSION}")

# The ASan/UBSan preset sets LATHE_SANITIZE.
option(LATHE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(LATHE_SANITIZE)
  target_compile_options(lathe_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(lathe_options INTERFACE -fsanitize=address,undefined)
endif()
