from edureport.cli import main

main()
