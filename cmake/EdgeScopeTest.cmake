# edgescope_add_test(NAME <TestClass> SOURCES <files...> LIBS <libs...> LABELS <Unit|Integration|Gui|Slow|Gpu...>)
# One executable per Qt Test class, registered with ctest under its labels. GUI tests run offscreen.
# Tests find shared data through EDGESCOPE_SHARED_DIR (../shared beside the repository) and skip when it is absent.
function(edgescope_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE
    EDGESCOPE_SHARED_DIR="${EDGESCOPE_SHARED_DIR}"
    EDGESCOPE_BIN_DIR="${CMAKE_RUNTIME_OUTPUT_DIRECTORY}"
    EDGESCOPE_DATA_DIR="${EDGESCOPE_DATA_DIR}")
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS "${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()
