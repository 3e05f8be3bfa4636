// The showcase is for reading and for `dotnet build`: it shows PullAnalyzer's warnings at the lines marked PULLnnn
// in Mistakes.cs, and none in RightWay.cs. Running it only prints where to look; it does not talk to an engine.
Console.WriteLine("Build this project (dotnet build samples/Showcase) and read the PULL001-PULL004 warnings in Mistakes.cs.");
