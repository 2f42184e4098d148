const string Usage = "usage: pulse-bench <suite>";

if (args is ["--help" or "-h"])
{
    Console.WriteLine(Usage);
    return 0;
}

Console.Error.WriteLine(Usage);
return 2;
