"""``edureport serve``: the web page for office clerks (新建, 上传生成, 批量, 检查).

Server-rendered pages (Starlette + Jinja) with a little plain JavaScript; every
asset ships in this package. All pipeline calls go through :mod:`edureport.web.services`.
"""
