using System.Runtime.CompilerServices;

// Every P/Invoke in this assembly passes only blittable values and pointers; turning runtime marshalling off
// makes that a compile-time guarantee (no hidden marshalling stubs, nothing that needs reflection under AOT).
[assembly: DisableRuntimeMarshalling]
