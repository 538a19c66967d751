using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Pillars.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Records : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    District = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    OutcomeOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OutcomeMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    Value = table.Column<int>(type: "INTEGER", nullable: true),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImportId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_records_imports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_records_ImportId",
                table: "records",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_Month",
                table: "records",
                columns: new[] { "Kind", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_OutcomeMonth",
                table: "records",
                columns: new[] { "Kind", "OutcomeMonth" });

            migrationBuilder.CreateIndex(
                name: "IX_records_Kind_Reference",
                table: "records",
                columns: new[] { "Kind", "Reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "records");
        }
    }
}
