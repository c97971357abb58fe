using BenchmarkDotNet.Running;

// Every benchmark class in this assembly, chosen by BenchmarkDotNet's own command line:
//   dotnet run -c Release --project benchmarks/OCoP.Benchmarks.Micro -- --filter '*'              (full, several minutes)
//   dotnet run -c Release --project benchmarks/OCoP.Benchmarks.Micro -- --filter '*' --job short  (quick, for scripts)
//   dotnet run -c Release --project benchmarks/OCoP.Benchmarks.Micro -- --filter '*Markdown*'     (one class)
// Results land in BenchmarkDotNet.Artifacts/ under the working directory (ignored by git).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
