// C++ through lind-clang++: libc++ containers, strings, iostreams, algorithms
// and a static constructor. Prints the same as the native build.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

struct Init {
    int value;
    Init() : value(42) {}
};
static Init init;

int main(int argc, char **argv) {
    std::vector<int> v{5, 3, 9, 1};
    std::sort(v.begin(), v.end());
    std::string s = "lind";
    s += "-boot";
    std::map<std::string, int> m{{"a", 1}, {"b", 2}};
    auto p = std::make_unique<std::string>(s);
    std::ostringstream os;
    for (int x : v) os << x << ' ';
    std::cout << "vector: " << os.str() << "\n";
    std::cout << "string: " << *p << " (" << p->size() << ")\n";
    std::cout << "map: " << m["a"] + m["b"] << "\n";
    std::cout << "static init: " << init.value << "\n";
    std::cout << "argc: " << argc << " argv[0] set: " << (argv[0] != nullptr) << std::endl;
    std::cerr << "to stderr\n";
    return 0;
}
