# install.cmake -- what `cmake --install` puts in place: libvmemcache.so.0,
# libvmemcache.h, libvmemcache.pc and a CMake package (vmemcache::vmemcache).
include(CMakePackageConfigHelpers)

install(TARGETS vmemcache EXPORT vmemcacheTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/libvmemcache.h include/vmemcache.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(VMC_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
set(VMC_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
configure_file(libvmemcache.pc.in ${CMAKE_CURRENT_BINARY_DIR}/libvmemcache.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/libvmemcache.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(VMC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/vmemcache)
install(EXPORT vmemcacheTargets NAMESPACE vmemcache:: DESTINATION ${VMC_CMAKE_DIR})
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfig.cmake
  "include(\${CMAKE_CURRENT_LIST_DIR}/vmemcacheTargets.cmake)\n")
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/vmemcacheConfigVersion.cmake DESTINATION ${VMC_CMAKE_DIR})
